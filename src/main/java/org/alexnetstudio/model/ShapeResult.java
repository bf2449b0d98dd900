package org.alexnetstudio.model;

import java.util.List;
import java.util.Optional;

/** The outcome of {@link LayerSpec#outputShape(Shape)}: a shape with how it was computed, or an error. */
public sealed interface ShapeResult {

    /** @param derivation how the shape was computed, e.g. {@code ⌊(224 + 2·1 − 11)/4⌋ + 1 = 54} */
    record Ok(Shape shape, String derivation) implements ShapeResult {
    }

    record Failed(ShapeError error) implements ShapeResult {
    }

    static ShapeResult ok(Shape shape, String derivation) {
        return new Ok(shape, derivation);
    }

    static ShapeResult fail(String field, String key, List<Fix> fixes, Object... args) {
        return new Failed(ShapeError.of(field, key, fixes, args));
    }

    default Optional<Shape> shapeIfOk() {
        return this instanceof Ok ok ? Optional.of(ok.shape()) : Optional.empty();
    }

    default Optional<ShapeError> errorIfFailed() {
        return this instanceof Failed f ? Optional.of(f.error()) : Optional.empty();
    }
}
