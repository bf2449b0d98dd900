package org.alexnetstudio.ui.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;

/**
 * Not a test: finds what the JavaFX thread does during a long frame gap. An AnimationTimer stamps
 * every pulse; a daemon thread, every 2 ms, takes the FX thread's stack while no pulse has come for
 * over 30 ms, and prints the stacks of each gap when it ends (with {@code -Dalexnet.stallSampler=true}).
 */
final class StallSampler {

    private volatile long lastPulse = System.nanoTime();
    private volatile Thread fxThread;
    private volatile boolean stopped;

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
            if (gap > 30) {
                gapStart = pulse;
                StackTraceElement[] st = fx.getStackTrace();
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  +%d ms %s:", gap, fx.getState()));
                int shown = 0;
                for (StackTraceElement e : st) {
                    String c = e.getClassName();
                    if (shown < 3 || c.startsWith("org.alexnetstudio") || c.contains("chart") || c.contains("Layout")) {
                        sb.append("\n      ").append(c).append('.').append(e.getMethodName()).append(':').append(e.getLineNumber());
                        if (++shown > 14) {
                            break;
                        }
                    }
                }
                stacks.add(sb.toString());
            } else if (gapStart != 0) {
                long len = (pulse - gapStart) / 1_000_000;
                if (len > 40) {
                    System.err.println("STALL " + len + " ms");
                    stacks.forEach(System.err::println);
                }
                stacks.clear();
                gapStart = 0;
            }
        }
    }
}
