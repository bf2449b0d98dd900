package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.cudnnActivationBackward;
import static org.bytedeco.cuda.global.cudnn.cudnnActivationForward;

import org.alexnetstudio.model.Shape;
import org.bytedeco.cuda.cudnn.cudnnActivationStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;

/**
 * An elementwise activation through cuDNN. In place (the output overwrites the input) only where the
 * factory allows it: the backward then reads the output as the input too, which ReLU's rule permits
 * (y > 0 exactly where x > 0).
 */
abstract class GpuActivation implements GpuLayer {

    private final int mode;
    private final Shape shape;
    private final boolean inPlace;

    GpuActivation(int mode, Shape shape, boolean inPlace) {
        this.mode = mode;
        this.shape = shape;
        this.inPlace = inPlace;
    }

    @Override
    public boolean outputIsInput(Mode m) {
        return inPlace;
    }

    @Override
    public GpuOps ops(LayerContext c) {
        GpuDevice d = c.device;
        cudnnTensorStruct desc = c.descriptors.tensor(c.n, shape);
        cudnnActivationStruct act = c.descriptors.activation(mode);
        Runnable forward = () -> Cuda.checkCudnn(cudnnActivationForward(d.cudnn, act, d.one, desc, c.x, d.zero, desc, c.y),
                "cudnnActivationForward");
        if (!c.mode.backward() || !c.inputGradient()) {
            return GpuOps.forwardOnly(forward);
        }
        Runnable backward = () -> Cuda.checkCudnn(cudnnActivationBackward(d.cudnn, act, d.one, desc, c.y, desc, c.dy,
                desc, inPlace ? c.y : c.x, d.zero, desc, c.dx), "cudnnActivationBackward");
        return new GpuOps(forward, backward);
    }
}
