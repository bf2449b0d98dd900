package org.alexnetstudio.model;

import java.util.List;

/**
 * Dropout: while training, each value is set to 0 with probability p and the rest are scaled by
 * 1/(1 − p); at test time it does nothing. It keeps the dense layers from relying on any single
 * feature, which is how AlexNet tamed its 4096-wide layers. Shape unchanged, no parameters.
 */
public record Dropout(double p) implements LayerSpec {

    @Override
    public ShapeResult outputShape(Shape input) {
        if (!(p >= 0 && p < 1)) {
            return ShapeResult.fail("p", "error.dropoutRange",
                    List.of(Fix.replace(new Dropout(0.5), "fix.setDropout", 0.5)), p);
        }
        return ShapeResult.ok(input, "= " + input);
    }

    @Override
    public String settings() {
        return "p=" + p;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
