package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.CUDNN_ACTIVATION_SIGMOID;

import org.alexnetstudio.model.Shape;

/** Sigmoid: cuDNN's activation; out of place (its backward reads the output). */
final class GpuSigmoid extends GpuActivation {

    GpuSigmoid(Shape shape) {
        super(CUDNN_ACTIVATION_SIGMOID, shape, false);
    }
}
