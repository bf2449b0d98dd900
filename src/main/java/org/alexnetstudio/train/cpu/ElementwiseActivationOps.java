package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.ins;
import static org.alexnetstudio.train.cpu.NdOps.op;
import static org.alexnetstudio.train.cpu.NdOps.prepared;

import org.nd4j.linalg.api.ndarray.INDArray;

/** An activation with a libnd4j op and its {@code _bp} op; the backward works in place (elementwise). */
abstract class ElementwiseActivationOps implements LayerOps {

    private final String name;

    ElementwiseActivationOps(String name) {
        this.name = name;
    }

    @Override
    public LayerNeeds needs() {
        return new LayerNeeds(false, true, false, java.util.List.of(), java.util.List.of());
    }

    @Override
    public TrainingOps training(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                                boolean inputGradient) {
        Runnable f = prepared(op(name, ins(x), ins(y), new int[0]).build());
        Runnable bp = prepared(op(name + "_bp", ins(x, g), ins(g), new int[0]).build());
        return TrainingOps.inPlace(f, bp, g);
    }

    @Override
    public Runnable test(TestContext c, INDArray x, INDArray y) {
        return prepared(op(name, ins(x), ins(y), new int[0]).build());
    }
}
