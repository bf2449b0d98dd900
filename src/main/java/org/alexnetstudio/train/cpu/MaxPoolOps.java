package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.ins;
import static org.alexnetstudio.train.cpu.NdOps.op;
import static org.alexnetstudio.train.cpu.NdOps.prepared;
import static org.alexnetstudio.train.cpu.NdOps.toInts;

import org.alexnetstudio.model.MaxPool2d;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/** MaxPool2d: libnd4j's maxpool2d and maxpool2d_bp on channels-last maps (padding is −∞, as in PyTorch). */
final class MaxPoolOps implements LayerOps {

    private final MaxPool2d pool;

    MaxPoolOps(MaxPool2d pool) {
        this.pool = pool;
    }

    @Override
    public LayerNeeds needs() {
        return LayerNeeds.NONE;
    }

    /** Pooling on channels-last maps; average pooling counts padded zeros (PyTorch's count_include_pad). */
    static Pooling2DConfig config(int kh, int kw, int sh, int sw, int ph, int pw, Pooling2D.Pooling2DType type) {
        return Pooling2DConfig.builder().kH(kh).kW(kw).sH(sh).sW(sw).pH(ph).pW(pw).dH(1).dW(1)
                .type(type).divisor(Pooling2D.Divisor.INCLUDE_PADDING)
                .paddingMode(PaddingMode.VALID).isNHWC(true).build();
    }

    private MaxPooling2D forward(INDArray x, INDArray y) {
        return new MaxPooling2D(x, y, config(pool.kernelH(), pool.kernelW(), pool.strideH(), pool.strideW(),
                pool.paddingH(), pool.paddingW(), Pooling2D.Pooling2DType.MAX));
    }

    @Override
    public TrainingOps training(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                                boolean inputGradient) {
        MaxPooling2D f = forward(x, y);
        Runnable bp = prepared(op("maxpool2d_bp", ins(x, g), ins(gradIn), toInts(f.iArgs())).build());
        return TrainingOps.of(prepared(f), bp);
    }

    @Override
    public Runnable test(TestContext c, INDArray x, INDArray y) {
        return prepared(forward(x, y));
    }
}
