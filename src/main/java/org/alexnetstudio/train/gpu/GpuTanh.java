package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.CUDNN_ACTIVATION_TANH;

import org.alexnetstudio.model.Shape;

/** Tanh: cuDNN's activation; out of place (its backward reads the output). */
final class GpuTanh extends GpuActivation {

    GpuTanh(Shape shape) {
        super(CUDNN_ACTIVATION_TANH, shape, false);
    }
}
