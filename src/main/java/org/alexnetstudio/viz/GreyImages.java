package org.alexnetstudio.viz;

/**
 * Grey images from the dataset's bytes and the network's floats. Pictures the student brings become
 * network input in {@link org.alexnetstudio.data.PictureInput}.
 */
public final class GreyImages {

    private GreyImages() {
    }

    /** Unsigned bytes (0 = black) → ARGB, e.g. one 28×28 Fashion-MNIST image at {@code offset}. */
    public static ArgbImage fromBytes(byte[] pixels, int offset, int width, int height) {
        int[] argb = new int[width * height];
        for (int k = 0; k < argb.length; k++) {
            int v = pixels[offset + k] & 0xFF;
            argb[k] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        return new ArgbImage(width, height, argb);
    }

    /** Floats in [0, 1] (what the network sees) → ARGB. */
    public static ArgbImage fromFloats(float[] values, int offset, int width, int height) {
        int[] argb = new int[width * height];
        for (int k = 0; k < argb.length; k++) {
            argb[k] = Colormap.grey(values[offset + k]);
        }
        return new ArgbImage(width, height, argb);
    }
}
