package org.alexnetstudio.train.gpu;

/**
 * One layer's work in one plan, enqueued on the device's stream.
 *
 * @param forward   computes the output from the input
 * @param backward  computes the parameters' gradients and (when asked) the input's; null: nothing to do
 */
record GpuOps(Runnable forward, Runnable backward) {

    static final Runnable NOTHING = () -> { };

    static GpuOps forwardOnly(Runnable forward) {
        return new GpuOps(forward, null);
    }
}
