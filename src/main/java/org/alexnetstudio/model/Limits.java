package org.alexnetstudio.model;

/** Sizes beyond which a layer is refused before anything tries to allocate it. */
public final class Limits {

    /** 2^28 floats = 1 GiB: larger than any tensor a laptop can train with. */
    public static final long MAX_TENSOR_ELEMENTS = 1L << 28;

    private Limits() {
    }

    static ShapeResult checkSize(Shape out, long weights, String field) {
        if (out.elements() > MAX_TENSOR_ELEMENTS) {
            return ShapeResult.fail(field, "error.activationTooLarge", java.util.List.of(),
                    out.toString(), out.elements(), mib(out.elements()));
        }
        if (weights > MAX_TENSOR_ELEMENTS) {
            return ShapeResult.fail(field, "error.weightsTooLarge", java.util.List.of(),
                    weights, mib(weights));
        }
        return null;
    }

    static long mib(long floats) {
        return floats * 4 / (1024 * 1024);
    }
}
