package org.alexnetstudio.ui.training;

import java.util.OptionalDouble;
import java.util.Random;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.Networks;
import org.alexnetstudio.train.SgdOptimizer;
import org.alexnetstudio.ui.EpochTimeEstimator;

/**
 * The Network tab's epoch-time estimate, calibrated on this machine. Real training steps of a
 * network at two batch sizes separate a fixed cost per step (op dispatch, which dominates small
 * networks) from a cost per multiply-accumulate (which dominates large ones):
 * step(b) = overhead + b·3·MACs/rate. Other networks scale the overhead by their layer count and the
 * rest by their MACs. Still an estimate (layers differ in efficiency), so {@link #isEstimate()} stays true.
 */
public final class CalibratedEstimator implements EpochTimeEstimator {

    private final double macsPerSecond;
    private final double overheadPerLayer;
    private final int batch;

    /** @param overheadPerLayer seconds of fixed cost per layer per training step */
    public CalibratedEstimator(double macsPerSecond, double overheadPerLayer, int batch) {
        if (!(macsPerSecond > 0) || !Double.isFinite(macsPerSecond)) {
            throw new IllegalArgumentException("macs/sec must be positive: " + macsPerSecond);
        }
        this.macsPerSecond = macsPerSecond;
        this.overheadPerLayer = Math.max(0, overheadPerLayer);
        this.batch = Math.max(1, batch);
    }

    public CalibratedEstimator(double macsPerSecond) {
        this(macsPerSecond, 0, 128);
    }

    public double macsPerSecond() {
        return macsPerSecond;
    }

    /** The same machine figures for training with another batch size. */
    public CalibratedEstimator withBatch(int newBatch) {
        return new CalibratedEstimator(macsPerSecond, overheadPerLayer, newBatch);
    }

    @Override
    public OptionalDouble secondsPerEpoch(NetworkAnalysis analysis, int images) {
        OptionalDouble compute = EpochTimeEstimator.fromMacs(macsPerSecond).secondsPerEpoch(analysis, images);
        if (compute.isEmpty()) {
            return compute;
        }
        long steps = (images + batch - 1) / batch;
        return OptionalDouble.of(compute.getAsDouble() + steps * overheadPerLayer * analysis.layers().size());
    }

    @Override
    public boolean isEstimate() {
        return true;
    }

    /**
     * Times {@code steps} training steps (after a warm-up step) of {@code spec} at batch sizes
     * {@code small} and {@code large} on random images and fits step(b) = overhead + b·cost.
     * Call on a background thread once the engine is ready.
     *
     * @param trainBatch the batch size the estimate is for
     */
    public static CalibratedEstimator measure(NetworkSpec spec, int small, int large, int steps, int trainBatch) {
        NetworkAnalysis a = spec.analyze();
        if (!a.isValid() || a.totalMacs() == 0) {
            throw new IllegalArgumentException("calibration needs a valid network");
        }
        Network net = Networks.build(spec, 1);
        double tSmall = secondsPerStep(net, spec, small, steps);
        double tLarge = secondsPerStep(net, spec, large, steps);
        double perExample = Math.max((tLarge - tSmall) / (large - small), tLarge / large * 0.05);
        double overhead = Math.max(0, tLarge - large * perExample);
        // Same convention as fromMacs: one step costs three forward passes.
        return new CalibratedEstimator(3.0 * a.totalMacs() / perExample, overhead / a.layers().size(), trainBatch);
    }

    private static double secondsPerStep(Network net, NetworkSpec spec, int batch, int steps) {
        SgdOptimizer sgd = new SgdOptimizer(0.01, 0, 0);
        int size = (int) spec.input().elements();
        float[] images = new float[batch * size];
        int[] labels = new int[batch];
        Random r = new Random(1);
        for (int k = 0; k < images.length; k++) {
            images[k] = r.nextFloat();
        }
        int classes = net.classes();
        for (int k = 0; k < batch; k++) {
            labels[k] = k % classes;
        }
        // Warm-up: graph set-up, oneDNN primitives for this batch size, the JIT, and the engine's own
        // timing of its kernels (whose steps mix a slower path in).
        int warmUp = Math.max(3, net.choosingSteps());
        for (int w = 0; w < warmUp; w++) {
            net.trainStep(images, labels, batch, sgd);
        }
        // The fastest step: anything else on the machine only ever adds time to a step.
        long best = Long.MAX_VALUE;
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            net.trainStep(images, labels, batch, sgd);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best / 1e9;
    }

    /** The reference: the mini preset, AlexNet's structure at a size a laptop steps through quickly. */
    public static CalibratedEstimator measureReference(int trainBatch) {
        return measure(Presets.alexnetMini(), 32, 128, 3, trainBatch);
    }
}
