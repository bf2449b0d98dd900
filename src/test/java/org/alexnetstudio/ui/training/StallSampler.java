package org.alexnetstudio.ui.training;

import java.util.ArrayList;
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
                    System.err.println("STALL " + len + " ms");
                    stacks.forEach(System.err::println);
                }
                stacks.clear();
                gapStart = 0;
            }
        }
    }
}
