package org.alexnetstudio.model;

import java.util.List;

/** Sizes beyond which a layer is refused before anything tries to allocate it. */
public final class Limits {

    /** 2^28 floats = 1 GiB: larger than any tensor a laptop can train with. */
    public static final long MAX_TENSOR_ELEMENTS = 1L << 28;

    private Limits() {
    }

    /** An error if the output or the weights are over the limit, else null. */
    static ShapeResult checkSize(Shape out, long weights, String field) {
        return checkSize(out, weights, field, List.of(), List.of());
    }

    static ShapeResult checkSize(Shape out, long weights, String field,
                                 List<Fix> activationFixes, List<Fix> weightFixes) {
        if (out.elements() > MAX_TENSOR_ELEMENTS) {
            return ShapeResult.fail(field, "error.activationTooLarge", activationFixes,
                    out.toString(), out.elements(), mib(out.elements()));
        }
        if (weights > MAX_TENSOR_ELEMENTS) {
            return ShapeResult.fail(field, "error.weightsTooLarge", weightFixes, weights, mib(weights));
        }
        return null;
    }

    /** The largest count c ≥ 1 with c·perUnit within the limit, or 0 if even one unit is too large. */
    static int largestCount(long perUnit) {
        if (perUnit <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, MAX_TENSOR_ELEMENTS / perUnit);
    }

    static long mib(long floats) {
        return saturatingMultiply(floats, 4) / (1024 * 1024);
    }

    /** a·b, clamped to the long range instead of wrapping around. */
    static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return low;
        }
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
