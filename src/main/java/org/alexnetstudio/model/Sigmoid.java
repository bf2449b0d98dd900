package org.alexnetstudio.model;

/**
 * Sigmoid: 1 / (1 + e^−x), squashing every value into (0, 1). LeNet's activation; its gradient is at
 * most 1/4 and nearly 0 for large |x|, which slows learning in deep networks.
 * Applied to every value on its own: the shape is unchanged and there are no parameters.
 */
public record Sigmoid() implements LayerSpec {

    @Override
    public ShapeResult outputShape(Shape input) {
        return ShapeResult.ok(input, "= " + input);
    }

    @Override
    public String settings() {
        return "";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
