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
     * The slower end when this estimate is a range (before this computer is measured); empty when it
     * is one figure.
     */
    default OptionalDouble slowerSecondsPerEpoch(NetworkAnalysis analysis, int images) {
        return OptionalDouble.empty();
    }

    /**
     * Before the background calibration has measured this computer: the range between two measured
     * 2-core CPUs, {@link #FAST_MACS_PER_SECOND} and {@link #SLOW_MACS_PER_SECOND}. One figure would be
     * several times off on one of them (issue 21: 20 against 85 minutes per epoch of the book's AlexNet).
     */
    static EpochTimeEstimator uncalibrated() {
        EpochTimeEstimator fast = fromMacs(FAST_MACS_PER_SECOND);
        EpochTimeEstimator slow = fromMacs(SLOW_MACS_PER_SECOND);
        return new EpochTimeEstimator() {
            @Override
            public OptionalDouble secondsPerEpoch(NetworkAnalysis analysis, int images) {
                return fast.secondsPerEpoch(analysis, images);
            }

            @Override
            public OptionalDouble slowerSecondsPerEpoch(NetworkAnalysis analysis, int images) {
                return slow.secondsPerEpoch(analysis, images);
            }

            @Override
            public boolean isEstimate() {
                return true;
            }
        };
    }

    /**
     * A fast 2-core CPU: the book's AlexNet at 224 trains at ~50 examples/sec on the 2-core AVX-512
     * server of docs/performance.md, 50 × 3 × 0.938 G ≈ 140 G multiply-accumulates/s counted as
     * {@link #fromMacs} counts.
     */
    double FAST_MACS_PER_SECOND = 1.4e11;

    /**
     * A slow one: 11.7 examples/sec on a 2-core AVX2 AMD EPYC at 2.0 GHz (issue 21), 11.7 × 3 × 0.938 G
     * ≈ 33 G multiply-accumulates/s; most students' laptops are AVX2 machines.
     */
    double SLOW_MACS_PER_SECOND = 3.3e10;
}
