package org.alexnetstudio.train.gpu;

import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Shape;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Dropout as PyTorch trains it (inverted: kept values scaled by 1/(1 − p)); the identity in test mode and
 * when p = 0 (then the output is the input's buffer). The mask is drawn on the device by kernels.cu's
 * counter-based generator, one draw per layer per step in layer order ({@link DropoutMask} computes the
 * same masks on the host), or handed in by the correctness check (the CPU's own masks).
 */
final class GpuDropout implements GpuLayer {

    private final Dropout dropout;
    private final Shape in;

    GpuDropout(Dropout dropout, Shape in) {
        this.dropout = dropout;
        this.in = in;
    }

    private boolean identity(Mode mode) {
        return dropout.p() == 0 || mode.testBehaviour();
    }

    @Override
    public boolean outputIsInput(Mode mode) {
        return identity(mode);
    }

    @Override
    public boolean gradientPassesThrough(Mode mode) {
        return identity(mode);
    }

    @Override
    public long scratchFloats(int n, Mode mode) {
        return identity(mode) ? 0 : n * in.elements();
    }

    @Override
    public GpuOps ops(LayerContext c) {
        if (identity(c.mode)) {
            return new GpuOps(GpuOps.NOTHING, null);
        }
        GpuDevice d = c.device;
        long total = c.inputValues();
        FloatPointer mask = c.scratch;
        float keep = (float) (1 - dropout.p());
        float scale = (float) (1 / (1 - dropout.p()));
        Kernels.Args draw = c.descriptors.args(Kernels.dropoutArgs(c.x, c.y, mask, total, c.dropout.seed(), keep, scale));
        Kernels.Args apply = c.descriptors.args(Kernels.multiplyArgs(c.x, mask, c.y, total));
        int index = c.index;
        Runnable forward = () -> {
            long number = c.dropout.nextDraw();
            FloatPointer given = c.dropout.injected(index);
            if (given != null) {
                d.upload(mask, given, total);
                d.kernels.multiply(apply, total);
            } else {
                draw.setInt64(4, c.dropout.seed());
                d.kernels.dropoutForward(draw, total, number);
            }
        };
        if (!c.inputGradient()) {
            return GpuOps.forwardOnly(forward);
        }
        Kernels.Args back = c.descriptors.args(Kernels.multiplyArgs(c.dy, mask, c.dx, total));
        return new GpuOps(forward, () -> d.kernels.multiply(back, total));
    }
}
