package org.alexnetstudio.ui;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Parent;
import javafx.stage.Stage;
import org.alexnetstudio.model.Presets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * How long one edit takes to reach the screen: the view model's analysis and rows, then CSS and
 * layout of the whole window (table cells, totals, diagram, editor), all on the FX thread.
 * A benchmark, not a test: run with {@code mvn -o -q test -Dtest=EditLatencyBenchmark}.
 */
@ExtendWith(ApplicationExtension.class)
class EditLatencyBenchmark {

    private static final int WARMUP = 300;
    private static final int RUNS = 1000;

    private final FxWindows windows = new FxWindows();
    private StudioWindow window;

    @Start
    void start(Stage stage) {
        window = windows.open(stage, Locale.ENGLISH);
    }

    @AfterEach
    void tearDown() {
        windows.close();
    }

    @Test
    void editToTableUpdate(FxRobot robot) {
        AtomicReference<String> report = new AtomicReference<>();
        robot.interact(() -> {
            StudioViewModel vm = window.viewModel();
            Parent root = window.stage().getScene().getRoot();
            LayerField channels = LayerForms.of(Presets.alexnet().layers().get(0)).get(0);
            long[] model = new long[RUNS];
            long[] full = new long[RUNS];
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long t0 = System.nanoTime();
                vm.setField(0, channels, 64 + (i % 64)); // every edit changes all rows' shapes
                long t1 = System.nanoTime();
                root.applyCss();
                root.layout();
                long t2 = System.nanoTime();
                if (i >= WARMUP) {
                    model[i - WARMUP] = t1 - t0;
                    full[i - WARMUP] = t2 - t0;
                }
            }
            // The same edits on a view model with no views attached: the model's share.
            StudioViewModel bare = new StudioViewModel(new I18n(Locale.ENGLISH), new ModelFormats(Locale.ENGLISH),
                    Runnable::run, Runnable::run, Presets.alexnet());
            long[] alone = new long[RUNS];
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long t0 = System.nanoTime();
                bare.setField(0, channels, 64 + (i % 64));
                if (i >= WARMUP) {
                    alone[i - WARMUP] = System.nanoTime() - t0;
                }
            }
            report.set("view model alone (analysis, rows, totals):    " + stats(alone) + "\n"
                    + "view model with its listeners (views notified): " + stats(model) + "\n"
                    + "edit → table, totals, diagram laid out (CSS + layout): " + stats(full));
        });
        System.out.println("EditLatencyBenchmark, book AlexNet (21 layers), " + RUNS + " edits:\n" + report.get());
    }

    private static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "median %.3f ms, p95 %.3f ms, max %.3f ms",
                s[s.length / 2] / 1e6, s[(int) (s.length * 0.95)] / 1e6, s[s.length - 1] / 1e6);
    }
}
