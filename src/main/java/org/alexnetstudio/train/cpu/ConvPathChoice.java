package org.alexnetstudio.train.cpu;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A conv layer's training ops that time its two paths, libnd4j's conv2d/conv2d_bp (oneDNN) and
 * {@link ConvGemm}'s im2col and GEMMs, in the layer's first training steps and then keep the faster
 * one, as cuDNN's benchmark mode does. Which is faster depends on more than the instruction set: on an
 * AVX-512 Zen 5 oneDNN 2.3 runs AlexNet's 3×3 backward passes as Winograd and loses to the GEMMs by
 * 2.4× at input 68, yet wins on alexnet-mini (docs/performance.md). Both paths compute the same
 * step, so the measured steps train as usual; only the slower path's extra time is spent.
 *
 * <p>Schedule: one warm-up step per path (oneDNN creates its primitives, the JIT compiles the host
 * loops), then {@link #ROUNDS} alternating timed steps each. The other path replaces the one tried
 * first only when its median is at least {@link #MARGIN} lower ({@link #choose}).
 */
final class ConvPathChoice {

    static final int ROUNDS = 3;
    /**
     * How much faster the other path must be to replace the one tried first. Timing one layer misses
     * what a path does to the rest of the step (caches, memory): alexnet-mini's conv 10 timed 3–7 %
     * faster through the GEMMs, yet the whole step was 10 % slower with it (docs/performance.md).
     */
    static final double MARGIN = 0.10;
    static final int ONEDNN = 0;
    static final int GEMM = 1;

    /** The outcome: the path kept and the two medians (forward and backward of this layer). */
    record Decision(int path, double onednnMs, double gemmMs, int batch) {
        String label() {
            return path == GEMM ? "GEMM" : "oneDNN";
        }
    }

    private final TrainingOps[] paths;
    private final int first;
    private final int batch;
    private final Consumer<Decision> decided;
    private final long[][] nanos = new long[2][ROUNDS];
    private int step;
    private int current;
    private long forwardNanos;
    private Decision decision;

    /**
     * @param first   the path tried first (the likelier winner, so that a short run loses least)
     * @param decided told once, when the choice is made
     */
    ConvPathChoice(TrainingOps onednn, TrainingOps gemm, int first, int batch, Consumer<Decision> decided) {
        this.paths = new TrainingOps[]{onednn, gemm};
        this.first = first;
        this.batch = batch;
        this.decided = decided;
    }

    /** The steps it takes to decide. */
    static int steps() {
        return 2 + 2 * ROUNDS;
    }

    TrainingOps ops() {
        return TrainingOps.of(this::forward, this::backward);
    }

    private void forward() {
        if (decision != null) {
            paths[decision.path()].forward().run();
            return;
        }
        current = (step % 2 == 0) ? first : 1 - first;
        long t0 = System.nanoTime();
        paths[current].forward().run();
        forwardNanos = System.nanoTime() - t0;
    }

    private void backward() {
        if (decision != null) {
            paths[decision.path()].backward().run();
            return;
        }
        long t0 = System.nanoTime();
        paths[current].backward().run();
        long total = forwardNanos + System.nanoTime() - t0;
        if (step >= 2) {
            nanos[current][(step - 2) / 2] = total;
        }
        step++;
        if (step == steps()) {
            double onednn = medianMs(nanos[ONEDNN]);
            double gemm = medianMs(nanos[GEMM]);
            decision = new Decision(choose(first, onednn, gemm), onednn, gemm, batch);
            decided.accept(decision);
        }
    }

    /** The path kept: {@code first} unless the other's median time is at least {@link #MARGIN} lower. */
    static int choose(int first, double onednnMs, double gemmMs) {
        double firstMs = first == GEMM ? gemmMs : onednnMs;
        double otherMs = first == GEMM ? onednnMs : gemmMs;
        return otherMs <= firstMs * (1 - MARGIN) ? 1 - first : first;
    }

    private static double medianMs(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
