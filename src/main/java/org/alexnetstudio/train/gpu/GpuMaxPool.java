package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.CUDNN_POOLING_MAX_DETERMINISTIC;

import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.Shape;

/**
 * MaxPool2d: cuDNN's deterministic max pooling (padding never wins, as PyTorch's −∞ padding); the
 * gradient goes to one maximum of each window.
 */
final class GpuMaxPool extends GpuPool {

    GpuMaxPool(MaxPool2d p, Shape in, Shape out) {
        super(CUDNN_POOLING_MAX_DETERMINISTIC, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.paddingH(),
                p.paddingW(), in, out);
    }
}
