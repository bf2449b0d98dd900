package org.alexnetstudio.model;

/**
 * Hyperbolic tangent: (e^x − e^−x)/(e^x + e^−x), squashing values into (−1, 1), centred at 0.
 * Applied to every value on its own: the shape is unchanged and there are no parameters.
 */
public record Tanh() implements LayerSpec {

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
