package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.ins;
import static org.alexnetstudio.train.cpu.NdOps.op;
import static org.alexnetstudio.train.cpu.NdOps.prepared;
import static org.alexnetstudio.train.cpu.NdOps.toInts;

import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.AvgPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;

/**
 * AvgPool2d with PyTorch's {@code count_include_pad=True}: padded zeros count in the mean. M2.1's
 * avgpool2d_bp ignores the include-padding divisor, so a padded layer pools a zero-bordered copy of
 * its input without padding, and copies the gradient of that copy's interior back.
 */
final class AvgPoolOps implements LayerOps {

    private static final String PADDED = "padded";
    private static final String PADDED_GRAD = "paddedGrad";

    private final int index;
    private final AvgPool2d pool;
    private final Shape in;
    private final boolean padded;

    AvgPoolOps(int index, AvgPool2d pool, Shape in) {
        this.index = index;
        this.pool = pool;
        this.in = in;
        this.padded = pool.paddingH() > 0 || pool.paddingW() > 0;
    }

    @Override
    public LayerNeeds needs() {
        if (!padded) {
            return LayerNeeds.NONE;
        }
        long values = Layouts.paddedValues(in, pool);
        LayerNeeds.Buffer copy = LayerNeeds.Buffer.perExample(PADDED, values).filled(LayerNeeds.Fill.ZEROS);
        return LayerNeeds.NONE.withTraining(copy, LayerNeeds.Buffer.perExample(PADDED_GRAD, values)).withTest(copy);
    }

    private AvgPooling2D pooling(INDArray x, INDArray y) {
        return new AvgPooling2D(x, y, MaxPoolOps.config(pool.kernelH(), pool.kernelW(), pool.strideH(),
                pool.strideW(), 0, 0, Pooling2D.Pooling2DType.AVG));
    }

    @Override
    public TrainingOps training(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                                boolean inputGradient) {
        INDArray input = x;
        INDArray inputGrad = gradIn;
        INDArray interior = null;
        INDArray interiorGrad = null;
        if (padded) {
            long[] shape = Layouts.padded(in, pool, c.n);
            input = c.own(index, PADDED, shape);
            inputGrad = c.own(index, PADDED_GRAD, shape);
            interior = Layouts.interior(input, pool, x);
            interiorGrad = Layouts.interior(inputGrad, pool, x);
        }
        AvgPooling2D f = pooling(input, y);
        Runnable bp = prepared(op("avgpool2d_bp", ins(input, g), ins(inputGrad), toInts(f.iArgs())).build());
        Runnable forward = prepared(f);
        if (!padded) {
            return TrainingOps.of(forward, bp);
        }
        INDArray copyIn = interior;
        INDArray copyOut = interiorGrad;
        return TrainingOps.of(() -> {
            copyIn.assign(x);
            forward.run();
        }, () -> {
            bp.run();
            gradIn.assign(copyOut);
        });
    }

    @Override
    public Runnable test(TestContext c, INDArray x, INDArray y) {
        if (!padded) {
            return prepared(pooling(x, y));
        }
        INDArray input = c.own(index, PADDED, Layouts.padded(in, pool, c.n));
        INDArray inner = Layouts.interior(input, pool, x);
        Runnable pooling = prepared(pooling(input, y));
        return () -> {
            inner.assign(x);
            pooling.run();
        };
    }
}
