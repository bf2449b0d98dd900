package org.alexnetstudio.ui;

import java.util.OptionalDouble;
import org.alexnetstudio.model.NetworkAnalysis;

/**
 * Guesses how long one training epoch takes. Called on the JavaFX thread on every edit, so it must
 * answer at once; a calibrating implementation measures in the background and then swaps itself in
 * with {@link StudioViewModel#setEpochTimeEstimator(EpochTimeEstimator)}.
 */
public interface EpochTimeEstimator {

    /** Seconds for one epoch of {@code images} training examples; empty when it cannot tell. */
    OptionalDouble secondsPerEpoch(NetworkAnalysis analysis, int images);

    /** True while the number is a rough estimate rather than a measurement on this machine. */
    boolean isEstimate();

    /**
     * The uncalibrated guess: a training step costs about three forward passes (forward, plus
     * backward through activations and weights), at a fixed multiply-accumulate throughput.
     */
    static EpochTimeEstimator fromMacs(double macsPerSecond) {
        return new EpochTimeEstimator() {
            @Override
            public OptionalDouble secondsPerEpoch(NetworkAnalysis analysis, int images) {
                if (!analysis.isValid() || analysis.totalMacs() == 0) {
                    return OptionalDouble.empty();
                }
                return OptionalDouble.of(3.0 * analysis.totalMacs() * images / macsPerSecond);
            }

            @Override
            public boolean isEstimate() {
                return true;
            }
        };
    }

    /**
     * About 50 GMAC/s, until the background calibration measures this machine: the book's AlexNet
     * trains at ~50 examples/sec (~140 G multiply-accumulates/s counted this way) on the 2-core
     * AVX-512 machine of docs/performance.md; an older 2-core laptop is taken as ~3× slower.
     */
    double LAPTOP_MACS_PER_SECOND = 5e10;
}
