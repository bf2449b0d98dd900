package org.alexnetstudio.model;

/** Formats PyTorch's int-or-tuple arguments: {@code 3} or {@code (3, 5)}. */
final class Pair {

    private Pair() {
    }

    static String of(int h, int w) {
        return h == w ? String.valueOf(h) : "(" + h + ", " + w + ")";
    }

    /** {@code , name=v} unless the value is PyTorch's default. */
    static String optional(String name, int h, int w, int defaultValue) {
        return h == defaultValue && w == defaultValue ? "" : ", " + name + "=" + of(h, w);
    }
}
