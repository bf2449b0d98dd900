package org.alexnetstudio.train.gpu;

import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.Shape;

/**
 * LocalResponseNorm with PyTorch's formula, by kernels.cu's {@code lrn_forward}/{@code lrn_backward}:
 * d_c = k + (α/n)·Σ x_j² over j = c − ⌊n/2⌋ … c + ⌊(n−1)/2⌋ (zero-padded; an even n reaches one channel
 * further back), y = x·d^−β. cuDNN's LRN is not used: it centres an even window the other way and limits
 * n to 1…16, k ≥ 1e-5 and β ≥ 0.01, while the student may set any size. d is kept for the backward.
 */
final class GpuLocalResponseNorm implements GpuLayer {

    private final LocalResponseNorm lrn;
    private final Shape in;

    GpuLocalResponseNorm(LocalResponseNorm lrn, Shape in) {
        this.lrn = lrn;
        this.in = in;
    }

    @Override
    public boolean outputIsInput(Mode mode) {
        return false;
    }

    @Override
    public long scratchFloats(int n, Mode mode) {
        return n * in.elements();
    }

    @Override
    public GpuOps ops(LayerContext c) {
        GpuDevice d = c.device;
        long total = c.inputValues();
        int channels = in.channels();
        int positions = in.height() * in.width();
        int before = lrn.size() / 2;
        int after = (lrn.size() - 1) / 2;
        Kernels.Args f = c.descriptors.args(Kernels.lrnForwardArgs(c.x, c.y, c.scratch, total, channels, positions,
                before, after, (float) (lrn.alpha() / lrn.size()), (float) lrn.beta(), (float) lrn.k()));
        Runnable forward = () -> d.kernels.lrnForward(f, total);
        if (!c.mode.backward() || !c.inputGradient()) {
            return GpuOps.forwardOnly(forward);
        }
        float factor = (float) (2 * lrn.alpha() * lrn.beta() / lrn.size());
        Kernels.Args b = c.descriptors.args(Kernels.lrnBackwardArgs(c.x, c.dy, c.scratch, c.dx, total, channels,
                positions, before, after, (float) lrn.beta(), factor));
        return new GpuOps(forward, () -> d.kernels.lrnBackward(b, total));
    }
}
