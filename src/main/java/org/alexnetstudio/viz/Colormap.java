package org.alexnetstudio.viz;

/** How a value already scaled to [-1, 1] or [0, 1] becomes an opaque ARGB colour. */
public enum Colormap {
    /** Black (minimum) to white (maximum): how the book shows images. */
    GREY,
    /** Blue (negative) through white (zero) to red (positive): shows the sign of a weight. */
    DIVERGING;

    /** Grey level 0..1 → ARGB. */
    public static int grey(double t) {
        int v = clampByte(t * 255);
        return 0xFF000000 | v << 16 | v << 8 | v;
    }

    /**
     * Signed value -1..1 → ARGB: -1 is blue (33,102,172), 0 white, +1 red (178,24,43), the ends of
     * ColorBrewer's RdBu scale, so small weights fade to white.
     */
    public static int diverging(double s) {
        double a = Math.min(1, Math.abs(s));
        int r;
        int g;
        int b;
        if (s < 0) {
            r = clampByte(255 + a * (33 - 255));
            g = clampByte(255 + a * (102 - 255));
            b = clampByte(255 + a * (172 - 255));
        } else {
            r = clampByte(255 + a * (178 - 255));
            g = clampByte(255 + a * (24 - 255));
            b = clampByte(255 + a * (43 - 255));
        }
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    static int clampByte(double v) {
        if (!(v > 0)) {
            return 0; // NaN too
        }
        return v >= 255 ? 255 : (int) Math.round(v);
    }
}
