package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.CUDNN_ACTIVATION_RELU;

import org.alexnetstudio.model.Shape;

/** ReLU: max(0, x); in place after a layer whose backward does not read its own output (see GpuLayerFactory). */
final class GpuRelu extends GpuActivation {

    GpuRelu(Shape shape, boolean inPlace) {
        super(CUDNN_ACTIVATION_RELU, shape, inPlace);
    }
}
