package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.ins;
import static org.alexnetstudio.train.cpu.NdOps.op;
import static org.alexnetstudio.train.cpu.NdOps.prepared;

import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dropout as PyTorch trains it (inverted: kept values scaled by 1/(1 − p)), the identity in test mode.
 * The mask is drawn before each pass from ND4J's seeded RNG, one draw per layer in layer order, in
 * PyTorch's [n, C, H, W] order; on feature maps it is applied through a channels-last view of itself.
 */
final class DropoutOps implements LayerOps {

    private static final String MASK = "mask";

    private final int index;
    private final Dropout dropout;
    private final Shape in;

    DropoutOps(int index, Dropout dropout, Shape in) {
        this.index = index;
        this.dropout = dropout;
        this.in = in;
    }

    @Override
    public LayerNeeds needs() {
        LayerNeeds inPlace = new LayerNeeds(false, true, true, java.util.List.of(), java.util.List.of());
        return dropout.p() == 0 ? inPlace : inPlace.withTraining(LayerNeeds.Buffer.perExample(MASK, in.elements()));
    }

    /** Keeps each value with probability 1 − p, scaled by 1/(1 − p): a mask drawn into {@code mask}. */
    static void fill(INDArray mask, double p) {
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1.0 - p), Nd4j.getRandom());
        mask.muli(1.0 / (1.0 - p));
    }

    @Override
    public TrainingOps training(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                                boolean inputGradient) {
        if (dropout.p() == 0 || c.testMode) {
            return TrainingOps.inPlace(() -> y.assign(x), null, g); // the identity
        }
        INDArray mask = c.own(index, MASK, Layouts.withBatch(in, c.n));
        c.masks.add(0, new TrainingContext.Mask(index, dropout.p(), mask)); // plans are built last layer first
        INDArray m = in.isSpatial() ? mask.permute(0, 2, 3, 1) : mask;
        Runnable f = prepared(op("multiply", ins(x, m), ins(y), new int[0]).build());
        Runnable bp = prepared(op("multiply", ins(g, m), ins(g), new int[0]).build());
        return TrainingOps.inPlace(f, bp, g);
    }

    @Override
    public Runnable test(TestContext c, INDArray x, INDArray y) {
        return NdOps.sameBuffer(x, y) ? null : () -> y.assign(x);
    }
}
