package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.gemv;
import static org.alexnetstudio.train.cpu.NdOps.ins;
import static org.alexnetstudio.train.cpu.NdOps.op;
import static org.alexnetstudio.train.cpu.NdOps.prepared;

import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Linear in PyTorch's layout [out, in]: y = x·Wᵀ + b; dW = gᵀ·x; db = Σ g (a GEMV); dx = g·W. */
final class LinearOps implements LayerOps {

    private final int index;
    private final Linear linear;
    private final Shape in;

    LinearOps(int index, Linear linear, Shape in) {
        this.index = index;
        this.linear = linear;
        this.in = in;
    }

    @Override
    public ParameterSpec.LayerState state() {
        return ParameterSpec.LayerState.of(
                ParameterSpec.xavier("weight", new long[]{linear.outFeatures(), in.features()}, in.features(),
                        linear.outFeatures()),
                ParameterSpec.zeros("bias", linear.outFeatures()));
    }

    @Override
    public LayerNeeds needs() {
        return LayerNeeds.NONE.withTraining(LayerNeeds.Buffer.sharedPerExample("ones", LayerNeeds.Fill.ONES, 1));
    }

    @Override
    public TrainingOps training(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                                boolean inputGradient) {
        INDArray w = c.parameter(index, 0);
        INDArray bias = c.parameter(index, 1);
        INDArray dw = c.gradient(index, 0);
        INDArray db = c.gradient(index, 1);
        Runnable f = prepared(op("matmul", ins(x, w), ins(y), 0, 1, 0).addFloatingPointArguments(1.0, 0.0).build());
        Runnable dW = prepared(op("matmul", ins(g, x), ins(dw), 1, 0, 0).addFloatingPointArguments(1.0, 0.0).build());
        Runnable dx = prepared(op("matmul", ins(g, w), ins(gradIn), 0, 0, 0).addFloatingPointArguments(1.0, 0.0).build());
        Runnable addBias = NdOps.op(op("add", ins(y, bias), ins(y), new int[0]));
        Runnable dB = prepared(gemv(c.shared("ones", 1, c.n), g, db.reshape(1, db.length())));
        return TrainingOps.of(() -> {
            f.run();
            addBias.run();
        }, () -> {
            dW.run();
            dB.run();
            if (inputGradient) {
                dx.run();
            }
        });
    }

    @Override
    public Runnable test(TestContext c, INDArray x, INDArray y) {
        INDArray bias = c.parameter(index, 1);
        Runnable f = prepared(op("matmul", ins(x, c.parameter(index, 0)), ins(y), 0, 1, 0)
                .addFloatingPointArguments(1.0, 0.0).build());
        Runnable addBias = NdOps.op(op("add", ins(y, bias), ins(y), new int[0]));
        return () -> {
            f.run();
            addBias.run();
        };
    }
}
