package org.alexnetstudio.ui;

import java.util.List;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.ui.LayerField.IntPair;
import org.alexnetstudio.ui.LayerField.Type;

/** The editable fields of every layer kind, in form order. */
public final class LayerForms {

    private LayerForms() {
    }

    private static final List<LayerField> CONV = List.of(
            new LayerField("outChannels", Type.INT, 1, 65536,
                    l -> ((Conv2d) l).outChannels(), (l, v) -> ((Conv2d) l).withOutChannels((Integer) v)),
            new LayerField("kernel", Type.PAIR, 1, 1024,
                    l -> new IntPair(((Conv2d) l).kernelH(), ((Conv2d) l).kernelW()),
                    (l, v) -> ((Conv2d) l).withKernel(((IntPair) v).h(), ((IntPair) v).w())),
            new LayerField("stride", Type.PAIR, 1, 256,
                    l -> new IntPair(((Conv2d) l).strideH(), ((Conv2d) l).strideW()),
                    (l, v) -> ((Conv2d) l).withStride(((IntPair) v).h(), ((IntPair) v).w())),
            new LayerField("padding", Type.PAIR, 0, 512,
                    l -> new IntPair(((Conv2d) l).paddingH(), ((Conv2d) l).paddingW()),
                    (l, v) -> ((Conv2d) l).withPadding(((IntPair) v).h(), ((IntPair) v).w())));

    private static final List<LayerField> MAX_POOL = List.of(
            new LayerField("kernel", Type.PAIR, 1, 1024,
                    l -> new IntPair(((MaxPool2d) l).kernelH(), ((MaxPool2d) l).kernelW()),
                    (l, v) -> ((MaxPool2d) l).withKernel(((IntPair) v).h(), ((IntPair) v).w())),
            new LayerField("stride", Type.PAIR, 1, 256,
                    l -> new IntPair(((MaxPool2d) l).strideH(), ((MaxPool2d) l).strideW()),
                    (l, v) -> ((MaxPool2d) l).withStride(((IntPair) v).h(), ((IntPair) v).w())),
            new LayerField("padding", Type.PAIR, 0, 512,
                    l -> new IntPair(((MaxPool2d) l).paddingH(), ((MaxPool2d) l).paddingW()),
                    (l, v) -> ((MaxPool2d) l).withPadding(((IntPair) v).h(), ((IntPair) v).w())));

    private static final List<LayerField> AVG_POOL = List.of(
            new LayerField("kernel", Type.PAIR, 1, 1024,
                    l -> new IntPair(((AvgPool2d) l).kernelH(), ((AvgPool2d) l).kernelW()),
                    (l, v) -> ((AvgPool2d) l).withKernel(((IntPair) v).h(), ((IntPair) v).w())),
            new LayerField("stride", Type.PAIR, 1, 256,
                    l -> new IntPair(((AvgPool2d) l).strideH(), ((AvgPool2d) l).strideW()),
                    (l, v) -> ((AvgPool2d) l).withStride(((IntPair) v).h(), ((IntPair) v).w())),
            new LayerField("padding", Type.PAIR, 0, 512,
                    l -> new IntPair(((AvgPool2d) l).paddingH(), ((AvgPool2d) l).paddingW()),
                    (l, v) -> ((AvgPool2d) l).withPadding(((IntPair) v).h(), ((IntPair) v).w())));

    private static final List<LayerField> LINEAR = List.of(
            new LayerField("outFeatures", Type.INT, 1, 1_000_000,
                    l -> ((Linear) l).outFeatures(), (l, v) -> new Linear((Integer) v)));

    private static final List<LayerField> DROPOUT = List.of(
            new LayerField("p", Type.PROBABILITY, 0, 1,
                    l -> ((Dropout) l).p(), (l, v) -> new Dropout((Double) v)));

    private static final List<LayerField> LRN = List.of(
            new LayerField("size", Type.INT, 1, 1024,
                    l -> ((LocalResponseNorm) l).size(),
                    (l, v) -> {
                        LocalResponseNorm n = (LocalResponseNorm) l;
                        return new LocalResponseNorm((Integer) v, n.alpha(), n.beta(), n.k());
                    }),
            new LayerField("alpha", Type.DOUBLE, 0, 10,
                    l -> ((LocalResponseNorm) l).alpha(),
                    (l, v) -> {
                        LocalResponseNorm n = (LocalResponseNorm) l;
                        return new LocalResponseNorm(n.size(), (Double) v, n.beta(), n.k());
                    }),
            new LayerField("beta", Type.DOUBLE, 0, 10,
                    l -> ((LocalResponseNorm) l).beta(),
                    (l, v) -> {
                        LocalResponseNorm n = (LocalResponseNorm) l;
                        return new LocalResponseNorm(n.size(), n.alpha(), (Double) v, n.k());
                    }),
            new LayerField("k", Type.DOUBLE, 0, 100,
                    l -> ((LocalResponseNorm) l).k(),
                    (l, v) -> {
                        LocalResponseNorm n = (LocalResponseNorm) l;
                        return new LocalResponseNorm(n.size(), n.alpha(), n.beta(), (Double) v);
                    }));

    private static final List<LayerField> BATCH_NORM = List.of(
            new LayerField("eps", Type.DOUBLE, 1e-12, 1,
                    l -> ((BatchNorm2d) l).eps(),
                    (l, v) -> new BatchNorm2d((Double) v, ((BatchNorm2d) l).momentum())),
            new LayerField("momentum", Type.DOUBLE, 0, 1,
                    l -> ((BatchNorm2d) l).momentum(),
                    (l, v) -> new BatchNorm2d(((BatchNorm2d) l).eps(), (Double) v)));

    /** The fields of this layer's kind; empty for layers without settings (ReLU, Flatten, ...). */
    public static List<LayerField> of(LayerSpec layer) {
        return switch (layer.kind()) {
            case "Conv2d" -> CONV;
            case "MaxPool2d" -> MAX_POOL;
            case "AvgPool2d" -> AVG_POOL;
            case "Linear" -> LINEAR;
            case "Dropout" -> DROPOUT;
            case "LocalResponseNorm" -> LRN;
            case "BatchNorm2d" -> BATCH_NORM;
            default -> List.of();
        };
    }
}
