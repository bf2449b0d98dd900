package org.alexnetstudio.model;

import java.util.List;

/**
 * Local response normalisation (the 2012 AlexNet paper): each value is divided by
 * (k + α/n · Σ x²)^β, the sum running over n neighbouring channels at the same position, so
 * strongly active channels damp their neighbours. Later networks replaced it with batch norm.
 * Shape unchanged, no parameters. PyTorch's defaults: n = size, α = 1e-4, β = 0.75, k = 1.
 */
public record LocalResponseNorm(int size, double alpha, double beta, double k) implements LayerSpec {

    /** The paper's values: n = 5, α = 1e-4, β = 0.75, k = 2. */
    public static LocalResponseNorm paper() {
        return new LocalResponseNorm(5, 1e-4, 0.75, 2.0);
    }

    @Override
    public ShapeResult outputShape(Shape input) {
        if (!input.isSpatial()) {
            return ShapeResult.fail("input", "error.needsFeatureMap", List.of(), kind(), input.toString());
        }
        if (size < 1) {
            return ShapeResult.fail("size", "error.lrnSize",
                    List.of(Fix.replace(new LocalResponseNorm(5, alpha, beta, k), "fix.setLrnSize", 5)), size);
        }
        return ShapeResult.ok(input, "= " + input);
    }

    @Override
    public long macs(Shape input, Shape output) {
        return output.elements() * size;
    }

    @Override
    public String settings() {
        return "size=" + size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
