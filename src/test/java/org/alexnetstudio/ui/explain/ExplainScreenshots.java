package org.alexnetstudio.ui.explain;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.data.PictureInput;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.ui.I18n;
import org.alexnetstudio.ui.ModelFormats;
import org.alexnetstudio.ui.StudioSettings;
import org.alexnetstudio.ui.StudioWindow;
import org.alexnetstudio.ui.shared.ExplainRequest;
import org.alexnetstudio.ui.shared.FxImages;
import org.alexnetstudio.ui.shared.Texts;
import org.alexnetstudio.ui.training.TrainingTabs;

/**
 * Not a test: the docs' screenshots of the Explain tab and of activation maximisation, from a trained
 * checkpoint and the full Fashion-MNIST test set.
 * {@code xvfb-run -a -s "-screen 0 1400x900x24" java -cp target/classes:target/test-classes:DEPS
 * org.alexnetstudio.ui.explain.ExplainScreenshots OUT_DIR CHECKPOINT [TEST_INDEX] [zh]}
 * (TEST_INDEX: a test image; by default the first one the network gets wrong).
 */
public final class ExplainScreenshots {

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
            Path ckpt = Path.of(args[1]);
            int wanted = args.length > 2 ? Integer.parseInt(args[2]) : -1;
            Locale locale = args.length > 3 && args[3].equals("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
            String suffix = locale == Locale.ENGLISH ? "" : "-zh";
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            Preferences prefs = Preferences.userRoot().node("org/alexnetstudio/tour/" + UUID.randomUUID());
            StudioWindow w = new StudioWindow(stage, new I18n(locale), new StudioSettings(prefs),
                    new ModelFormats(locale), Executors.newSingleThreadExecutor());
            stage.setWidth(1400);
            stage.setHeight(900);
            stage.show();
            TrainingTabs part2 = TrainingTabs.install(w, locale, new TrainingTabs.Options(false, false));
            FashionMnistData data = FashionMnist.loadDefault(null);
            part2.training().loadCheckpoint(ckpt);
            whenLoaded(part2, () -> {
                Network net = part2.training().getCurrent().network();
                ImageSet test = data.test();
                int index = wanted >= 0 ? wanted : firstMistake(net, test);
                byte[] item = Arrays.copyOfRange(test.pixels(), index * 784, (index + 1) * 784);
                Texts texts = new Texts(locale);
                org.alexnetstudio.ui.training.PulseMonitor pulses = new org.alexnetstudio.ui.training.PulseMonitor();
                pulses.start();
                part2.openExplanation(new ExplainRequest(item, texts.fmt("explain.testImage", index), test.label(index)));
                System.err.println("explaining test image " + index);
                whenIdle(part2.explain().busyProperty(), () -> later(800, () -> {
                    report("explaining (tab shown, saliency, Grad-CAM, occlusion of two classes)", pulses);
                    snap(w, out.resolve("screenshot-explain" + suffix + ".png"));
                    pulses.start();
                    part2.explain().setSmoothGrad(true);
                    part2.explain().chooseLayer(part2.explain().convLayers().get(1));
                    whenIdle(part2.explain().busyProperty(), () -> later(800, () -> {
                        report("SmoothGrad of two classes, Grad-CAM on another layer", pulses);
                        snap(w, out.resolve("screenshot-explain-smoothgrad" + suffix + ".png"));
                        w.tabs().getSelectionModel().select(part2.filtersTab());
                        pulses.start();
                        part2.activationMax().visualiseClasses();
                        whenIdle(part2.activationMax().busyProperty(), () -> later(800, () -> {
                            report("activation maximisation of the 10 classes (Filters tab shown)", pulses);
                            snap(w, out.resolve("screenshot-activation-max" + suffix + ".png"));
                            part2.activationMax().visualiseFilters();
                            whenIdle(part2.activationMax().busyProperty(), () -> later(800, () -> {
                                snap(w, out.resolve("screenshot-activation-max-filters" + suffix + ".png"));
                                pulses.start(); // the same window with nothing computing, for comparison
                                later(5000, () -> {
                                    report("idle baseline", pulses);
                                    part2.shutdown();
                                    Platform.exit();
                                });
                            }));
                        }));
                    }));
                }));
            });
        }
    }

    private static void report(String what, org.alexnetstudio.ui.training.PulseMonitor pulses) {
        pulses.stop();
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            load = "?";
        }
        System.err.printf(Locale.ROOT, "%s: longest UI frame gap %.1f ms over %d frames; gaps over 50 ms: %s; load %s%n",
                what, pulses.maxGapMillis(), pulses.frames(), pulses.longGaps(), load);
    }

    private static int firstMistake(Network net, ImageSet test) {
        int size = net.spec().input().height();
        for (int i = 0; i < test.size(); i++) {
            float[] x = PictureInput.networkInput(Arrays.copyOfRange(test.pixels(), i * 784, (i + 1) * 784), size);
            float[] p = net.predict(x, 1)[0];
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                best = p[c] > p[best] ? c : best;
            }
            if (best != test.label(i)) {
                return i;
            }
        }
        return 0;
    }

    private static void whenLoaded(TrainingTabs part2, Runnable then) {
        later(1000, () -> {
            if (part2.training().getCurrent() == null || part2.training().getCurrent().network() == null) {
                whenLoaded(part2, then);
            } else {
                then.run();
            }
        });
    }

    /** Runs {@code then} once {@code busy} has been false for a moment (polling: work starts a little later). */
    private static void whenIdle(javafx.beans.value.ObservableBooleanValue busy, Runnable then) {
        later(1500, () -> {
            if (busy.get()) {
                whenIdle(busy, then);
            } else {
                then.run();
            }
        });
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
