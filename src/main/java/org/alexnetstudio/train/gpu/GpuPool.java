package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.cudnnPoolingBackward;
import static org.bytedeco.cuda.global.cudnn.cudnnPoolingForward;

import org.alexnetstudio.model.Shape;
import org.bytedeco.cuda.cudnn.cudnnPoolingStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;

/** A cuDNN pooling mode over a window; its backward reads the input and the output (kept intact by the plan). */
abstract class GpuPool implements GpuLayer {

    private final int mode;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int ph;
    private final int pw;
    private final Shape in;
    private final Shape out;

    GpuPool(int mode, int kh, int kw, int sh, int sw, int ph, int pw, Shape in, Shape out) {
        this.mode = mode;
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
        this.in = in;
        this.out = out;
    }

    @Override
    public boolean outputIsInput(Mode m) {
        return false;
    }

    @Override
    public GpuOps ops(LayerContext c) {
        GpuDevice d = c.device;
        cudnnTensorStruct xDesc = c.descriptors.tensor(c.n, in);
        cudnnTensorStruct yDesc = c.descriptors.tensor(c.n, out);
        cudnnPoolingStruct pool = c.descriptors.pooling(mode, kh, kw, ph, pw, sh, sw);
        Runnable forward = () -> Cuda.checkCudnn(cudnnPoolingForward(d.cudnn, pool, d.one, xDesc, c.x, d.zero, yDesc,
                c.y), "cudnnPoolingForward");
        if (!c.mode.backward() || !c.inputGradient()) {
            return GpuOps.forwardOnly(forward);
        }
        Runnable backward = () -> Cuda.checkCudnn(cudnnPoolingBackward(d.cudnn, pool, d.one, yDesc, c.y, yDesc, c.dy,
                xDesc, c.x, d.zero, xDesc, c.dx), "cudnnPoolingBackward");
        return new GpuOps(forward, backward);
    }
}
