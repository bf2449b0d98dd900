package org.alexnetstudio.ui.training;

import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;

/**
 * Measures how long the JavaFX thread goes without a frame: an AnimationTimer records the largest
 * gap between consecutive pulses (about 16.7 ms when the thread is free). Runs only while training,
 * since a running timer keeps pulses coming.
 */
public final class PulseMonitor {

    private final ReadOnlyDoubleWrapper maxGapMillis = new ReadOnlyDoubleWrapper(this, "maxGapMillis", 0);
    private final ReadOnlyDoubleWrapper lastGapMillis = new ReadOnlyDoubleWrapper(this, "lastGapMillis", 0);
    private final java.util.List<String> longGaps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long started;
    private long previous;
    private long frames;
    private boolean running;

    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            long t = System.nanoTime(); // the pulse's own timestamp can lag; measure real time
            if (previous != 0) {
                double gap = (t - previous) / 1e6;
                lastGapMillis.set(gap);
                // The first frames after start include layout of new content: skip them.
                if (++frames > 3 && gap > maxGapMillis.get()) {
                    maxGapMillis.set(gap);
                }
                if (frames > 3 && gap > 50 && longGaps.size() < 50) {
                    longGaps.add(String.format(java.util.Locale.ROOT, "%.1f ms at %.1f s", gap, (t - started) / 1e9));
                }
            }
            previous = t;
        }
    };

    /** Largest gap between frames since {@link #start()}, in ms. */
    public ReadOnlyDoubleProperty maxGapMillisProperty() { return maxGapMillis.getReadOnlyProperty(); }
    public double maxGapMillis() { return maxGapMillis.get(); }
    public ReadOnlyDoubleProperty lastGapMillisProperty() { return lastGapMillis.getReadOnlyProperty(); }
    public long frames() { return frames; }
    public boolean isRunning() { return running; }

    /** Gaps over 50 ms since {@link #start()}, with when they happened (for finding their cause). */
    public java.util.List<String> longGaps() { return java.util.List.copyOf(longGaps); }

    public void start() {
        started = System.nanoTime();
        longGaps.clear();
        previous = 0;
        frames = 0;
        maxGapMillis.set(0);
        running = true;
        timer.start();
    }

    public void stop() {
        running = false;
        timer.stop();
    }
}
