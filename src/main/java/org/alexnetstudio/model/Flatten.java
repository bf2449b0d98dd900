package org.alexnetstudio.model;

import java.util.List;

/**
 * Flatten: lays a C×H×W feature map out as one vector of C·H·W features (in C, H, W order, like
 * PyTorch), so that fully connected layers can follow. A flat input passes through unchanged.
 */
public record Flatten() implements LayerSpec {

    @Override
    public ShapeResult outputShape(Shape input) {
        if (!input.isSpatial()) {
            return ShapeResult.ok(input, "= " + input);
        }
        long n = input.elements();
        if (n > Integer.MAX_VALUE) {
            return ShapeResult.fail("input", "error.activationTooLarge", List.of(), input.toString(), n, Limits.mib(n));
        }
        return ShapeResult.ok(Shape.features((int) n),
                input.channels() + " × " + input.height() + " × " + input.width() + " = " + n);
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
