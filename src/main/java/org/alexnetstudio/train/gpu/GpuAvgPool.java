package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING;

import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.Shape;

/** AvgPool2d with PyTorch's {@code count_include_pad=True}: cuDNN's include-padding average. */
final class GpuAvgPool extends GpuPool {

    GpuAvgPool(AvgPool2d p, Shape in, Shape out) {
        super(CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                p.paddingH(), p.paddingW(), in, out);
    }
}
