package org.alexnetstudio.train.cpu;

import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Flatten: of features, a view (nothing runs); of feature maps, a copy from channels-last [n, H, W, C]
 * into PyTorch's C, H, W order, which Linear's weights, checkpoints and exports expect: one small copy
 * each way at the end of the feature maps.
 */
final class FlattenOps implements LayerOps {

    private final Shape in;

    FlattenOps(Shape in) {
        this.in = in;
    }

    @Override
    public LayerNeeds needs() {
        boolean view = !in.isSpatial();
        return new LayerNeeds(view, view, view, java.util.List.of(), java.util.List.of());
    }

    @Override
    public TrainingOps training(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                                boolean inputGradient) {
        if (!in.isSpatial()) {
            return TrainingOps.inPlace(() -> { }, null, g.reshape('c', x.shape()));
        }
        INDArray chw = y.reshape('c', c.n, in.channels(), in.height(), in.width());
        INDArray xAsChw = x.permute(0, 3, 1, 2);
        INDArray gAsChw = g.reshape('c', chw.shape());
        INDArray gradInAsChw = gradIn.permute(0, 3, 1, 2);
        return TrainingOps.of(() -> chw.assign(xAsChw), () -> gradInAsChw.assign(gAsChw));
    }

    @Override
    public Runnable test(TestContext c, INDArray x, INDArray y) {
        if (!in.isSpatial()) {
            return NdOps.sameBuffer(x, y) ? null : () -> y.assign(x.reshape('c', y.shape()));
        }
        INDArray chw = y.reshape('c', c.n, in.channels(), in.height(), in.width());
        INDArray xAsChw = x.permute(0, 3, 1, 2);
        return () -> chw.assign(xAsChw);
    }
}
