package org.alexnetstudio.model;

/**
 * Rectified linear unit: max(0, x). AlexNet replaced the sigmoid with ReLU because its gradient is
 * 1 for every positive input, so deep stacks keep learning where a sigmoid's gradient would vanish.
 * Applied to every value on its own: the shape is unchanged and there are no parameters.
 */
public record ReLU() implements LayerSpec {

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
