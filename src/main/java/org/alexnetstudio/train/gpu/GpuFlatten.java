package org.alexnetstudio.train.gpu;

/**
 * Flatten: NCHW maps are already PyTorch's C, H, W order per example, so the flat features are the same
 * memory; nothing runs in either direction.
 */
final class GpuFlatten implements GpuLayer {

    @Override
    public boolean outputIsInput(Mode mode) {
        return true;
    }

    @Override
    public boolean gradientPassesThrough(Mode mode) {
        return true;
    }

    @Override
    public GpuOps ops(LayerContext c) {
        return new GpuOps(GpuOps.NOTHING, null);
    }
}
