package org.alexnetstudio.model;

import java.util.List;

/**
 * A fully connected (dense) layer: y = Wx + b, each of the {@code outFeatures} outputs a weighted
 * sum of every input feature. Parameters: in·out weights plus out biases; the in-features are
 * inferred from the layer before. Needs a flat input: put a Flatten after the last conv/pool.
 */
public record Linear(int outFeatures) implements LayerSpec {

    @Override
    public ShapeResult outputShape(Shape input) {
        if (outFeatures < 1) {
            return ShapeResult.fail("outFeatures", "error.featuresPositive",
                    List.of(Fix.replace(new Linear(1), "fix.setOutFeatures", 1)), outFeatures);
        }
        if (input.isSpatial()) {
            return ShapeResult.fail("input", "error.linearNeedsFlatten",
                    List.of(Fix.insertBefore(new Flatten(), "fix.insertFlatten", input.elements())),
                    input.toString(), input.elements());
        }
        int fits = Math.min(Limits.largestCount(input.features()), (int) Limits.MAX_TENSOR_ELEMENTS);
        List<Fix> fewer = fits >= 1 && fits < outFeatures
                ? List.of(Fix.replace(new Linear(fits), "fix.setOutFeatures", fits)) : List.of();
        ShapeResult tooBig = Limits.checkSize(Shape.features(outFeatures),
                (long) input.features() * outFeatures, "outFeatures", fewer, fewer);
        if (tooBig != null) {
            return tooBig;
        }
        return ShapeResult.ok(Shape.features(outFeatures),
                input.features() + " → " + outFeatures);
    }

    @Override
    public long parameters(Shape input) {
        return (long) input.features() * outFeatures + outFeatures;
    }

    @Override
    public long macs(Shape input, Shape output) {
        return (long) input.features() * outFeatures;
    }

    @Override
    public String settings() {
        return "out_features=" + outFeatures;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
