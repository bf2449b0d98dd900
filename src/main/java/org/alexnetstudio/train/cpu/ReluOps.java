package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.ins;
import static org.alexnetstudio.train.cpu.NdOps.op;
import static org.alexnetstudio.train.cpu.NdOps.prepared;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU in place: its output overwrites its input (nothing else reads that input). The backward reads
 * the output, positive exactly where the input was: g ← g·step(y). y is read by no one after this
 * layer's backward (the layers after it have run theirs; the one before reads its own input), so
 * step(y) overwrites y: two fast passes, cheaper than one compare-and-set or relu_bp
 * (docs/performance.md).
 */
final class ReluOps implements LayerOps {

    @Override
    public LayerNeeds needs() {
        return new LayerNeeds(true, true, true, java.util.List.of(), java.util.List.of());
    }

    @Override
    public TrainingOps training(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                                boolean inputGradient) {
        Runnable f = prepared(op("relu", ins(x), ins(y), new int[0]).addFloatingPointArguments(0.0).build());
        Step positive = new Step(y, y, 0.0);
        Runnable mask = prepared(op("multiply", ins(g, y), ins(g), new int[0]).build());
        return TrainingOps.inPlace(f, () -> {
            Nd4j.exec(positive);
            mask.run();
        }, g);
    }

    @Override
    public Runnable test(TestContext c, INDArray x, INDArray y) {
        return prepared(op("relu", ins(x), ins(y), new int[0]).addFloatingPointArguments(0.0).build());
    }
}
