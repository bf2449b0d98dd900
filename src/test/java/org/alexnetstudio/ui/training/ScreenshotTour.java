package org.alexnetstudio.ui.training;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.prefs.Preferences;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.ui.I18n;
import org.alexnetstudio.ui.ModelFormats;
import org.alexnetstudio.ui.StudioSettings;
import org.alexnetstudio.ui.StudioWindow;
import org.alexnetstudio.ui.shared.FxImages;

/**
 * Not a test: trains a real short run on the bundled sample and writes the docs' screenshots.
 * {@code xvfb-run -a -s "-screen 0 1400x900x24" java -cp target/classes:target/test-classes:DEPS
 * org.alexnetstudio.ui.training.ScreenshotTour OUT_DIR [preset] [epochs] [zh]}
 */
public final class ScreenshotTour {

    private static String[] args;

    public static void main(String[] a) {
        args = a;
        Application.launch(App.class);
    }

    /** A main class that extends Application fails on the classpath, hence the nested class. */
    public static final class App extends Application {

    @Override
    public void start(Stage stage) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        String preset = args.length > 1 ? args[1] : "alexnet-mini";
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Locale locale = args.length > 3 && args[3].equals("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        String suffix = locale == Locale.ENGLISH ? "" : "-zh";
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Preferences prefs = Preferences.userRoot().node("org/alexnetstudio/tour/" + UUID.randomUUID());
        StudioWindow w = new StudioWindow(stage, new I18n(locale), new StudioSettings(prefs), new ModelFormats(locale),
                Executors.newSingleThreadExecutor());
        stage.setWidth(1400);
        stage.setHeight(900);
        stage.show();
        TrainingTabs part2 = TrainingTabs.install(w, locale, new TrainingTabs.Options(false, false));
        part2.data().use(FashionMnist.loadSample());
        w.viewModel().newDocument(Presets.byId(preset).orElseThrow().spec());
        part2.openTraining();
        TrainingViewModel vm = part2.training();
        vm.updateConfig(c -> c.withEpochs(epochs));
        // A student opens the Train tab, then clicks Start: let the tab's first layout and paint finish
        // first, so the frame gaps below are those of training, not of the window appearing.
        later(3000, () -> train(w, part2, vm, out, suffix));
    }

    private static void train(StudioWindow w, TrainingTabs part2, TrainingViewModel vm, Path out, String suffix) {
        StallSampler sampler = new StallSampler();
        if (Boolean.getBoolean("alexnet.stallSampler")) {
            sampler.start();
        }
        long t0 = System.nanoTime();
        System.err.printf(Locale.ROOT, "training starts at JVM uptime %.3f s%n",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        vm.start(w.viewModel().getSpec());
        vm.phaseProperty().addListener((o, a, phase) -> {
            if (phase != TrainingViewModel.Phase.IDLE) {
                return;
            }
            sampler.stop();
            PulseMonitor monitor = part2.trainingView().pulseMonitor();
            System.err.printf(Locale.ROOT, "trained in %.1f s; longest UI frame gap while training: %.1f ms over %d frames; gaps: %s%n",
                    (System.nanoTime() - t0) / 1e9, monitor.maxGapMillis(), monitor.frames(), monitor.longGaps());
            vm.log().forEach(l -> System.err.println("  log: " + l));
            // The same measurement with no training, for comparison on this (shared) machine.
            PulseMonitor idle = new PulseMonitor();
            idle.start();
            later(15000, () -> {
                idle.stop();
                System.err.printf(Locale.ROOT, "idle baseline: longest frame gap %.1f ms over %d frames; gaps: %s%n",
                        idle.maxGapMillis(), idle.frames(), idle.longGaps());
                snap(w, out.resolve("screenshot-training" + suffix + ".png"));
                w.tabs().getSelectionModel().select(part2.filtersTab());
                part2.filters().showImage(0);
                later(2500, () -> {
                    snap(w, out.resolve("screenshot-filters" + suffix + ".png"));
                    w.tabs().getSelectionModel().select(part2.mistakesTab());
                    var shown = part2.mistakes().shown();
                    if (!shown.isEmpty()) {
                        part2.mistakes().select(shown.get(0));
                    }
                    later(2000, () -> {
                        snap(w, out.resolve("screenshot-mistakes" + suffix + ".png"));
                        w.tabs().getSelectionModel().select(part2.predictTab());
                        var test = vm.getCurrent().testSet();
                        byte[] item = java.util.Arrays.copyOfRange(test.pixels(), 28 * 28, 2 * 28 * 28);
                        part2.predict().predict(item);
                        later(2000, () -> {
                            snap(w, out.resolve("screenshot-predict" + suffix + ".png"));
                            part2.shutdown();
                            Platform.exit();
                        });
                    });
                });
            });
        });
    }

    }

    private static void later(int ms, Runnable r) {
        PauseTransition p = new PauseTransition(Duration.millis(ms));
        p.setOnFinished(e -> r.run());
        p.play();
    }

    private static void snap(StudioWindow w, Path file) {
        try {
            FxImages.writePng(javafx.embed.swing.SwingFXUtils.fromFXImage(w.stage().getScene().snapshot(null), null), file);
            System.err.println("wrote " + file);
        } catch (Exception e) {
            System.err.println("screenshot failed: " + e);
        }
    }
}
