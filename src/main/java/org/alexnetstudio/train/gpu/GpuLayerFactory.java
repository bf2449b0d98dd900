package org.alexnetstudio.train.gpu;

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
 * The GPU backend's one dispatch over the layer kinds: a {@link LayerSpec.Visitor}, so a kind added to the
 * sealed {@code LayerSpec} without GPU ops does not compile.
 */
final class GpuLayerFactory implements LayerSpec.Visitor<GpuLayer> {

    private final Shape in;
    private final Shape out;
    private final LayerSpec previous;

    private GpuLayerFactory(Shape in, Shape out, LayerSpec previous) {
        this.in = in;
        this.out = out;
        this.previous = previous;
    }

    /** The GPU layers of a valid network, in order. */
    static List<GpuLayer> forLayers(List<LayerReport> layers) {
        List<GpuLayer> gpu = new ArrayList<>(layers.size());
        LayerSpec previous = null;
        for (LayerReport r : layers) {
            gpu.add(r.layer().accept(new GpuLayerFactory(r.input(), r.output(), previous)));
            previous = r.layer();
        }
        return gpu;
    }

    /**
     * Whether a ReLU after {@code previous} may overwrite its input: only when that layer's backward reads
     * its own input, never its output (a pooling backward reads its output; an activation's does too).
     */
    static boolean reluInPlaceAfter(LayerSpec previous) {
        return previous instanceof Conv2d || previous instanceof Linear || previous instanceof BatchNorm2d
                || previous instanceof LocalResponseNorm;
    }

    @Override
    public GpuLayer visit(Conv2d layer) {
        return new GpuConv(layer, in, out);
    }

    @Override
    public GpuLayer visit(MaxPool2d layer) {
        return new GpuMaxPool(layer, in, out);
    }

    @Override
    public GpuLayer visit(AvgPool2d layer) {
        return new GpuAvgPool(layer, in, out);
    }

    @Override
    public GpuLayer visit(ReLU layer) {
        return new GpuRelu(in, reluInPlaceAfter(previous));
    }

    @Override
    public GpuLayer visit(Sigmoid layer) {
        return new GpuSigmoid(in);
    }

    @Override
    public GpuLayer visit(Tanh layer) {
        return new GpuTanh(in);
    }

    @Override
    public GpuLayer visit(Flatten layer) {
        return new GpuFlatten();
    }

    @Override
    public GpuLayer visit(Linear layer) {
        return new GpuLinear(layer, in);
    }

    @Override
    public GpuLayer visit(Dropout layer) {
        return new GpuDropout(layer, in);
    }

    @Override
    public GpuLayer visit(LocalResponseNorm layer) {
        return new GpuLocalResponseNorm(layer, in);
    }

    @Override
    public GpuLayer visit(BatchNorm2d layer) {
        return new GpuBatchNorm(layer, in);
    }
}
