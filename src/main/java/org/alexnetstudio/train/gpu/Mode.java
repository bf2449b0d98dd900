package org.alexnetstudio.train.gpu;

/** What a plan runs: a training step, an explanation (test mode with a backward), or test-mode inference. */
enum Mode {
    /** Batch statistics, dropout masks, forward and backward. */
    TRAIN,
    /** Running statistics, no dropout, forward and backward from a given logits gradient (one image). */
    EXPLAIN,
    /** Running statistics, no dropout, forward only. */
    TEST;

    boolean backward() {
        return this != TEST;
    }

    /** Batch norm uses the running statistics and dropout is the identity. */
    boolean testBehaviour() {
        return this != TRAIN;
    }
}
