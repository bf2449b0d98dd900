package org.alexnetstudio.ui.training;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;

/**
 * Not a test: finds what the JavaFX thread does during a long frame gap. An AnimationTimer stamps
 * every pulse; a daemon thread, every 2 ms, takes the FX thread's stack while no pulse has come for
 * over 30 ms ({@code -Dalexnet.stallSampler.thresholdMs}), and prints the stacks of each gap when it ends
 * (with {@code -Dalexnet.stallSampler=true}; {@code .depth} sets how many frames of interest per stack).
 */
final class StallSampler {

    private volatile long lastPulse = System.nanoTime();
    private volatile Thread fxThread;
    private volatile boolean stopped;
    private final long thresholdMs = Long.getLong("alexnet.stallSampler.thresholdMs", 30);
    private final int depth = Integer.getInteger("alexnet.stallSampler.depth", 14);

    void stop() {
        stopped = true;
    }

    void start() {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                fxThread = Thread.currentThread();
                lastPulse = System.nanoTime();
            }
        }.start();
        Thread t = new Thread(this::loop, "stall-sampler");
        t.setDaemon(true);
        t.start();
    }

    private Map<String, long[]> cpuAtGap = Map.of();

    /** Every thread of this JVM (JIT and GC included): name/tid to {cpu ns, run-queue wait ns}. */
    private static Map<String, long[]> threadTimes() {
        Map<String, long[]> times = new HashMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return times;
        }
        for (File t : tasks) {
            try {
                String name = Files.readString(new File(t, "comm").toPath()).trim();
                String[] stat = Files.readString(new File(t, "schedstat").toPath()).trim().split(" ");
                times.put(name + "/" + t.getName(), new long[]{Long.parseLong(stat[0]), Long.parseLong(stat[1])});
            } catch (IOException | RuntimeException e) {
                // the thread ended
            }
        }
        return times;
    }

    private static String busiest(Map<String, long[]> before, Map<String, long[]> after) {
        List<String> rows = new ArrayList<>();
        after.entrySet().stream()
                .filter(e -> before.containsKey(e.getKey()))
                .sorted((a, b) -> Long.compare(b.getValue()[0] - before.get(b.getKey())[0],
                        a.getValue()[0] - before.get(a.getKey())[0]))
                .limit(6)
                .forEach(e -> rows.add(String.format(Locale.ROOT, "%s %.1f/%.1f ms", e.getKey(),
                        (e.getValue()[0] - before.get(e.getKey())[0]) / 1e6,
                        (e.getValue()[1] - before.get(e.getKey())[1]) / 1e6)));
        before.entrySet().stream().filter(e -> e.getKey().startsWith("JavaFX Applicat")).findFirst()
                .ifPresent(e -> { long[] a = after.get(e.getKey()); if (a != null) rows.add(String.format(Locale.ROOT,
                        "FX thread %.1f/%.1f ms", (a[0] - e.getValue()[0]) / 1e6, (a[1] - e.getValue()[1]) / 1e6)); });
        return String.join(", ", rows);
    }

    private void loop() {
        long gapStart = 0;
        List<String> stacks = new ArrayList<>();
        while (!stopped) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
            Thread fx = fxThread;
            if (fx == null) {
                continue;
            }
            long pulse = lastPulse;
            long gap = (System.nanoTime() - pulse) / 1_000_000;
            if (gap > thresholdMs) {
                if (gapStart != pulse) {
                    cpuAtGap = threadTimes();
                }
                gapStart = pulse;
                StackTraceElement[] st = fx.getStackTrace();
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  +%d ms %s:", gap, fx.getState()));
                int shown = 0;
                for (StackTraceElement e : st) {
                    String c = e.getClassName();
                    if (shown < 3 || c.startsWith("org.alexnetstudio") || c.contains("chart") || c.contains("Layout")
                            || c.startsWith("javafx.scene.control") || c.startsWith("javafx.scene.text")) {
                        sb.append("\n      ").append(c).append('.').append(e.getMethodName()).append(':').append(e.getLineNumber());
                        if (++shown > depth) {
                            break;
                        }
                    }
                }
                if (fx.getState() == Thread.State.WAITING) {
                    // Waiting for the renderer: what is it drawing?
                    for (java.util.Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
                        if (t.getKey().getName().startsWith("QuantumRenderer")) {
                            sb.append("\n    renderer:");
                            int k = 0;
                            for (StackTraceElement e : t.getValue()) {
                                if (k++ > 12) {
                                    break;
                                }
                                sb.append("\n      ").append(e.getClassName()).append('.').append(e.getMethodName());
                            }
                        }
                    }
                }
                stacks.add(sb.toString());
            } else if (gapStart != 0) {
                long len = (pulse - gapStart) / 1_000_000;
                if (len > thresholdMs + 10) {
                    System.err.println("STALL " + len + " ms; CPU and run-queue wait per thread since it was seen: "
                            + busiest(cpuAtGap, threadTimes()));
                    stacks.forEach(System.err::println);
                }
                stacks.clear();
                gapStart = 0;
            }
        }
    }
}
