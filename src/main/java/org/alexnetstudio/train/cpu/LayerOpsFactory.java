package org.alexnetstudio.train.cpu;

import java.util.ArrayList;
import java.util.List;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.Sigmoid;
import org.alexnetstudio.model.Tanh;

/**
 * The CPU backend's one dispatch over the layer kinds: a {@link LayerSpec.Visitor}, so a kind added to
 * the sealed {@code LayerSpec} without ops here does not compile.
 */
final class LayerOpsFactory implements LayerSpec.Visitor<LayerOps> {

    private final int index;
    private final Shape in;
    private final Shape out;
    private final boolean firstTrained;

    private LayerOpsFactory(int index, Shape in, Shape out, boolean firstTrained) {
        this.index = index;
        this.in = in;
        this.out = out;
        this.firstTrained = firstTrained;
    }

    /**
     * The ops of every layer of a valid network. {@code firstTrained}: the first layer with parameters,
     * whose input's gradient the training step does not compute (nothing before it learns).
     */
    static List<LayerOps> forLayers(List<LayerReport> layers) {
        int first = firstTrained(layers);
        List<LayerOps> ops = new ArrayList<>(layers.size());
        for (LayerReport r : layers) {
            ops.add(r.layer().accept(new LayerOpsFactory(r.index(), r.input(), r.output(), r.index() == first)));
        }
        return ops;
    }

    /** Index of the first layer with parameters (the layer count when none has any). */
    static int firstTrained(List<LayerReport> layers) {
        for (LayerReport r : layers) {
            if (r.parameters() > 0) {
                return r.index();
            }
        }
        return layers.size();
    }

    @Override
    public LayerOps visit(Conv2d layer) {
        return new ConvOps(index, layer, in, out, firstTrained);
    }

    @Override
    public LayerOps visit(MaxPool2d layer) {
        return new MaxPoolOps(layer);
    }

    @Override
    public LayerOps visit(AvgPool2d layer) {
        return new AvgPoolOps(index, layer, in);
    }

    @Override
    public LayerOps visit(ReLU layer) {
        return new ReluOps();
    }

    @Override
    public LayerOps visit(Sigmoid layer) {
        return new SigmoidOps();
    }

    @Override
    public LayerOps visit(Tanh layer) {
        return new TanhOps();
    }

    @Override
    public LayerOps visit(Flatten layer) {
        return new FlattenOps(in);
    }

    @Override
    public LayerOps visit(Linear layer) {
        return new LinearOps(index, layer, in);
    }

    @Override
    public LayerOps visit(Dropout layer) {
        return new DropoutOps(index, layer, in);
    }

    @Override
    public LayerOps visit(LocalResponseNorm layer) {
        return new LocalResponseNormOps(index, layer, in);
    }

    @Override
    public LayerOps visit(BatchNorm2d layer) {
        return new BatchNormOps(index, layer, in);
    }
}
