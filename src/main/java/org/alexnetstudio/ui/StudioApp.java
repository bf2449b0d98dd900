package org.alexnetstudio.ui;

import atlantafx.base.theme.PrimerLight;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The AlexNet Studio window. System properties for scripts and docs:
 * {@code -Dalexnet.startupLog=true} prints how long the window took to appear, per phase, and each
 * thread's CPU time until then (Linux);
 * {@code -Dalexnet.screenshot=FILE.png} writes the window to a PNG after layout and exits;
 * {@code -Dalexnet.locale=zh-CN} overrides the language for this run without remembering it.
 */
public class StudioApp extends Application {

    private ExecutorService background;
    private org.alexnetstudio.ui.training.TrainingTabs training;

    public static void launchApp(String[] args) {
        Application.launch(StudioApp.class, args);
    }

    private static final boolean STARTUP_LOG = Boolean.getBoolean("alexnet.startupLog");

    /** Phases logged before the first frame: their clock times, printed once the window shows. */
    private static final java.util.List<Object[]> EARLY_MARKS = new java.util.ArrayList<>();
    private static long jvmStart;

    /**
     * With {@code -Dalexnet.startupLog=true}: ms since the JVM started, per phase of start-up. The JVM's
     * start time comes from the management beans, which load a hundred classes: asked for only after
     * the first frame, so that logging does not slow down what it measures.
     */
    public static synchronized void mark(String phase) {
        if (STARTUP_LOG) {
            long now = System.currentTimeMillis();
            if (jvmStart == 0) {
                EARLY_MARKS.add(new Object[]{phase, now});
            } else {
                System.out.printf("startup: %-28s %5d ms%n", phase, now - jvmStart);
            }
        }
    }

    /** The first frame is on screen: prints the phases so far, then this one. */
    private static synchronized void firstFrame(int layers) {
        long now = System.currentTimeMillis();
        jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        for (Object[] m : EARLY_MARKS) {
            System.out.printf("startup: %-28s %5d ms%n", m[0], (long) m[1] - jvmStart);
        }
        EARLY_MARKS.clear();
        System.out.printf("startup: window shown with %d layers after %d ms%n", layers, now - jvmStart);
        System.out.println("startup-cpu: " + cpuByThread());
    }

    /**
     * CPU time each kind of thread has used so far, from Linux's /proc (other systems: empty). It shows
     * what competes with the JavaFX thread for a laptop's cores during the start: mostly the JIT
     * compilers (docs/performance.md, issue 18).
     */
    static String cpuByThread() {
        java.util.Map<String, Long> ms = new java.util.LinkedHashMap<>();
        try (java.util.stream.Stream<Path> tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat = java.nio.file.Files.readString(task.resolve("stat"));
                // (comm) is field 2; utime and stime, in 10 ms clock ticks, are the 12th and 13th after it.
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[#0-9]+$", "");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ms.merge(name.strip(), (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        ms.entrySet().stream().filter(e -> e.getValue() >= 50).sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()).append(" ms"));
        return out.toString();
    }

    @Override
    public void start(Stage stage) {
        mark("toolkit ready, start()");
        StudioSettings settings = StudioSettings.user();
        String forced = System.getProperty("alexnet.locale");
        Locale locale = I18n.choose(forced != null ? forced : settings.language(), Locale.getDefault());
        // JavaFX's own dialog buttons follow the default locale.
        Locale.setDefault(locale);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        mark("theme stylesheet");
        background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "studio-files");
            t.setDaemon(true);
            return t;
        });
        StudioWindow window = new StudioWindow(stage, new I18n(locale), settings, new ModelFormats(locale), background);
        mark("network tab built");
        stage.show();
        mark("stage shown");
        // show() lays the scene out; the window's content reaches the screen in the first pulse after
        // it. Work queued with runLater here would run before that pulse, so the training tabs (which
        // also start ND4J and load the data) wait for it: the student sees the network and its
        // shapes first.
        javafx.scene.Scene scene = stage.getScene();
        Runnable[] firstPulse = new Runnable[1];
        firstPulse[0] = () -> {
            scene.removePostLayoutPulseListener(firstPulse[0]);
            if (STARTUP_LOG) {
                firstFrame(window.viewModel().rows().size());
            }
            Platform.runLater(() -> {
                training = org.alexnetstudio.ui.training.TrainingTabs.install(window, locale,
                        org.alexnetstudio.ui.training.TrainingTabs.Options.defaults());
                mark("training tabs added");
                org.alexnetstudio.ui.lab.Lab.install(window, training, locale);
                mark("lab added");
            });
        };
        scene.addPostLayoutPulseListener(firstPulse[0]);
        String shot = System.getProperty("alexnet.screenshot");
        if (shot != null) {
            // Let layout, CSS and the first pulses settle before the snapshot.
            PauseTransition wait = new PauseTransition(Duration.millis(1500));
            wait.setOnFinished(e -> {
                try {
                    writePng(window, Path.of(shot));
                } finally {
                    Platform.exit();
                }
            });
            wait.play();
        }
    }

    static void writePng(StudioWindow window, Path file) {
        BufferedImage image = SwingFXUtils.fromFXImage(window.stage().getScene().snapshot(null), null);
        try {
            org.alexnetstudio.ui.shared.FxImages.writePng(image, file);
        } catch (IOException e) {
            System.err.println("screenshot failed: " + e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (training != null) {
            training.shutdown();
        }
        if (background != null) {
            background.shutdown();
        }
    }
}
