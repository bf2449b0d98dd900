package org.alexnetstudio.ui.lab;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.prefs.Preferences;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.ui.I18n;
import org.alexnetstudio.ui.ModelFormats;
import org.alexnetstudio.ui.StudioSettings;
import org.alexnetstudio.ui.StudioWindow;
import org.alexnetstudio.ui.shared.FxImages;
import org.alexnetstudio.ui.training.TrainingTabs;
import org.alexnetstudio.ui.training.TrainingViewModel;

/**
 * Not a test: trains short real runs on the whole bundled sample (LeNet for 10 epochs, alexnet-mini at
 * batch 32 for 3 epochs and at 128 for 5), checks exercises 1, 3 and 4 in the Lab and writes the window as
 * {@code OUT_DIR/screenshot-lab[-zh]-eN.png}, one per exercise, with throwaway preferences (docs/
 * screenshot-lab[-zh].png are the -e3 ones).
 * {@code xvfb-run -a -s "-screen 0 1400x900x24" java -cp target/classes:target/test-classes:DEPS
 * org.alexnetstudio.ui.lab.LabScreenshots OUT_DIR [zh]}
 */
public final class LabScreenshots {

    private static String[] args;

    public static void main(String[] a) {
        args = a;
        Application.launch(App.class);
    }

    /** A main class that extends Application fails on the classpath, hence the nested class. */
    public static final class App extends Application {

        private record Step(NetworkSpec spec, UnaryOperator<TrainingConfig> settings) {
        }

        private Path out;
        private String suffix;
        private StudioWindow window;
        private TrainingTabs training;
        private Lab lab;
        private Preferences prefs;

        @Override
        public void start(Stage stage) throws Exception {
            out = Path.of(args[0]);
            Files.createDirectories(out);
            Locale locale = args.length > 1 && args[1].equals("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
            suffix = locale == Locale.ENGLISH ? "" : "-zh";
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            prefs = Preferences.userRoot().node("org/alexnetstudio/tour/" + UUID.randomUUID());
            window = new StudioWindow(stage, new I18n(locale), new StudioSettings(prefs), new ModelFormats(locale),
                    Executors.newSingleThreadExecutor());
            stage.setWidth(1400);
            stage.setHeight(900);
            stage.show();
            training = TrainingTabs.install(window, locale, new TrainingTabs.Options(false, false));
            training.data().use(FashionMnist.loadSample());
            lab = Lab.install(window, training, locale, new LabStore(prefs.node("lab")), GpuMemory.NONE);
            Deque<Step> steps = new ArrayDeque<>();
            lab.viewModel().setOpen(true);
            UnaryOperator<TrainingConfig> sample = c -> c.withLimits(0, 0).withSeed(1);
            steps.add(new Step(Presets.lenet(), c -> sample.apply(c).withEpochs(10).withBatchSize(32)));
            steps.add(new Step(Presets.alexnetMini(), c -> sample.apply(c).withEpochs(3).withBatchSize(32)));
            steps.add(new Step(Presets.alexnetMini(), c -> sample.apply(c).withEpochs(5).withBatchSize(128)));
            later(2000, () -> next(steps));
        }

        private void next(Deque<Step> steps) {
            TrainingViewModel vm = training.training();
            if (steps.isEmpty()) {
                shots();
                return;
            }
            Step s = steps.poll();
            window.viewModel().newDocument(s.spec());
            training.openTraining();
            vm.updateConfig(s.settings());
            vm.start(s.spec());
            vm.phaseProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends TrainingViewModel.Phase> o,
                                    TrainingViewModel.Phase a, TrainingViewModel.Phase b) {
                    if (b == TrainingViewModel.Phase.IDLE) {
                        vm.phaseProperty().removeListener(this);
                        later(300, () -> next(steps));
                    }
                }
            });
        }

        private void shots() {
            LabViewModel vm = lab.viewModel();
            window.viewModel().newDocument(Presets.alexnet());
            window.tabs().getSelectionModel().select(training.trainTab());
            vm.select(Exercise.EPOCHS);
            vm.check();
            lab.view().revealVerdict();
            later(800, () -> {
                shot("e1");
                vm.select(Exercise.BATCH);
                vm.check();
                lab.view().revealVerdict();
                later(800, () -> {
                    shot("e3");
                    vm.select(Exercise.COSTS);
                    for (int i : new int[]{14, 17}) {
                        vm.setPicked(true, i, true);
                    }
                    for (int i : new int[]{0, 3, 6, 8, 10}) {
                        vm.setPicked(false, i, true);
                    }
                    vm.check();
                    lab.view().revealVerdict();
                    later(800, () -> {
                        shot("e4");
                        try {
                            prefs.removeNode();
                        } catch (Exception e) {
                            // throwaway preferences
                        }
                        Platform.exit();
                        System.exit(0);
                    });
                });
            });
        }

        private void shot(String name) {
            try {
                FxImages.writePng(FxImages.snapshot(window.stage().getScene().getRoot()),
                        out.resolve("screenshot-lab" + suffix + "-" + name + ".png"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static void later(int ms, Runnable r) {
            PauseTransition p = new PauseTransition(Duration.millis(ms));
            p.setOnFinished(e -> r.run());
            p.play();
        }
    }
}
