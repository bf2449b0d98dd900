package org.alexnetstudio.train.gpu;

import java.util.List;

/**
 * Everything the GPU backend does for one layer kind: its parameters, how its output and gradient share
 * buffers, the scratch it needs, and its ops in each {@link Mode}. One implementation per kind, chosen by
 * {@link GpuLayerFactory} (a visitor over the sealed {@code LayerSpec}: a kind without GPU ops does not
 * compile). Tensors are NCHW float32, PyTorch's layout, so a flattened map is the same memory.
 */
interface GpuLayer {

    /** Learned tensors in PyTorch's order (weight, bias) and their initialisation. */
    default List<ParameterLayout.Spec> parameters() {
        return List.of();
    }

    /** Channels of running statistics (batch norm), 0 for none. */
    default int runningChannels() {
        return 0;
    }

    default double runningMomentum() {
        return 0;
    }

    /** Whether the output lives in the input's buffer in this mode (a view, or an op done in place). */
    boolean outputIsInput(Mode mode);

    /** Whether the input's gradient is the output's gradient buffer itself (a view: nothing runs). */
    default boolean gradientPassesThrough(Mode mode) {
        return false;
    }

    /** Scratch values this layer needs for a batch of n (its own part of the plan's memory). */
    default long scratchFloats(int n, Mode mode) {
        return 0;
    }

    /** The ops of one plan (buffers, batch size and mode are in the context). */
    GpuOps ops(LayerContext c);
}
