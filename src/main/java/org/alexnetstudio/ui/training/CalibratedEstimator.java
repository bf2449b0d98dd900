package org.alexnetstudio.ui.training;

import java.util.OptionalDouble;
import java.util.Random;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.SameDiffNetwork;
import org.alexnetstudio.train.SgdOptimizer;
import org.alexnetstudio.ui.EpochTimeEstimator;

/**
 * The Network tab's epoch-time estimate, calibrated on this machine: a few real training steps of a
 * reference network give multiply-accumulates per second, which then scale by each network's MACs.
 * Still an estimate (layers differ in efficiency), so {@link #isEstimate()} stays true.
 */
public final class CalibratedEstimator implements EpochTimeEstimator {

    private final double macsPerSecond;

    public CalibratedEstimator(double macsPerSecond) {
        if (!(macsPerSecond > 0) || !Double.isFinite(macsPerSecond)) {
            throw new IllegalArgumentException("macs/sec must be positive: " + macsPerSecond);
        }
        this.macsPerSecond = macsPerSecond;
    }

    public double macsPerSecond() {
        return macsPerSecond;
    }

    @Override
    public OptionalDouble secondsPerEpoch(NetworkAnalysis analysis, int images) {
        return EpochTimeEstimator.fromMacs(macsPerSecond).secondsPerEpoch(analysis, images);
    }

    @Override
    public boolean isEstimate() {
        return true;
    }

    /**
     * Times {@code steps} training steps (after one warm-up step) of {@code spec} on random images;
     * blocks for about a second on a laptop with the mini preset. Call on a background thread once
     * the engine is ready.
     */
    public static CalibratedEstimator measure(NetworkSpec spec, int batch, int steps) {
        NetworkAnalysis a = spec.analyze();
        if (!a.isValid() || a.totalMacs() == 0) {
            throw new IllegalArgumentException("calibration needs a valid network");
        }
        SameDiffNetwork net = SameDiffNetwork.build(spec, 1);
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
        net.trainStep(images, labels, batch, sgd); // warm-up: graph set-up, allocations
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            net.trainStep(images, labels, batch, sgd);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // Same convention as fromMacs: one step costs three forward passes.
        return new CalibratedEstimator(3.0 * a.totalMacs() * batch * steps / seconds);
    }

    /** The reference: the mini preset, AlexNet's structure at a size a laptop steps through quickly. */
    public static CalibratedEstimator measureReference() {
        return measure(Presets.alexnetMini(), 32, 2);
    }
}
