package org.alexnetstudio.ui.training;

import java.time.Duration;

/**
 * Progress, examples/sec and time left of a run, measured from its training steps as they finish
 * (not only at the five chart points per epoch). Fed on the training thread; each
 * {@link #snapshot()} is immutable and extrapolates to "now" on the UI thread, so the bar and the
 * ETA move every second even when one batch takes longer than that (the book's AlexNet on a CPU).
 * Speed is wall time between consecutive steps, without the test passes and pauses.
 */
final class ProgressEstimate {

    /** The state after one step, extrapolated by {@link #fraction} and {@link #eta}. */
    record Snapshot(int epoch, int epochs, int batch, int batches, long stepNanos, double examplesPerSec,
                    double fractionAtStep, double fractionPerSecond, double nextFraction, double secondsLeftAtStep) {

        /** 0..1 over the whole run: the last step's, plus the time since at the measured speed (never past the next step). */
        double fraction(long now) {
            if (!(fractionPerSecond > 0)) {
                return fractionAtStep;
            }
            double extra = fractionPerSecond * Math.max(0, now - stepNanos) / 1e9;
            return Math.min(nextFraction, fractionAtStep + extra);
        }

        /** Time left at {@code now}; zero when the speed is not known yet. */
        Duration eta(long now) {
            if (!(examplesPerSec > 0)) {
                return Duration.ZERO;
            }
            double left = secondsLeftAtStep - Math.max(0, now - stepNanos) / 1e9;
            return Duration.ofMillis((long) (Math.max(0, left) * 1000));
        }

        boolean speedKnown() {
            return examplesPerSec > 0;
        }
    }

    private final int epochs;
    private final int batchSize;
    private final int trainSize;
    private final int testSize;
    private long lastNanos = -1;
    private int lastEpoch;
    private int lastBatch;
    private volatile boolean gap = true;
    private double examples;
    private double nanos;
    private volatile Snapshot snapshot;

    ProgressEstimate(int epochs, int batchSize, int trainSize, int testSize) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.trainSize = trainSize;
        this.testSize = testSize;
    }

    /** The next interval is not a training step (paused, resumed): leave it out of the speed. */
    void gap() {
        gap = true;
    }

    /** Step {@code batch} of {@code batches} of {@code epoch} finished at {@code now}. */
    void step(int epoch, int batch, int batches, long now) {
        boolean consecutive = !gap && epoch == lastEpoch && batch == lastBatch + 1 && lastNanos >= 0;
        if (consecutive) {
            examples += examplesIn(batch);
            nanos += now - lastNanos;
        }
        gap = false;
        lastNanos = now;
        lastEpoch = epoch;
        lastBatch = batch;
        double speed = nanos > 0 ? examples / (nanos / 1e9) : Double.NaN;
        double perEpoch = 1.0 / epochs;
        double fraction = Math.min(1, (epoch - 1 + batch / (double) batches) * perEpoch);
        double next = Math.min(1, (epoch - 1 + Math.min(batches, batch + 1) / (double) batches) * perEpoch);
        long seen = Math.min(trainSize, (long) batch * batchSize);
        int epochsLeft = epochs - epoch;
        // The test passes cost about a third of a training pass per image (a forward pass only).
        double examplesLeft = (trainSize - seen) + (double) epochsLeft * trainSize + (epochsLeft + 1) * testSize / 3.0;
        double fractionPerSecond = speed > 0 ? speed / ((double) trainSize * epochs) : Double.NaN;
        snapshot = new Snapshot(epoch, epochs, batch, batches, now, speed, fraction, fractionPerSecond, next,
                speed > 0 ? examplesLeft / speed : Double.NaN);
    }

    private int examplesIn(int batch) {
        long before = (long) (batch - 1) * batchSize;
        return (int) Math.max(0, Math.min(batchSize, trainSize - before));
    }

    /** The latest state, or null before the first step. */
    Snapshot snapshot() {
        return snapshot;
    }
}
