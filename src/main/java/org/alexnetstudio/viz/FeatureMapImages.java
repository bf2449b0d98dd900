package org.alexnetstudio.viz;

/** One layer's activations for one image (C×H×W, row-major) as one small grey image per channel. */
public final class FeatureMapImages {

    private FeatureMapImages() {
    }

    /** At most {@code limit} channels, each scaled to its own min/max (black = lowest). */
    public static ArgbImage[] channels(float[] values, int channels, int height, int width, int limit, Colormap map) {
        if ((long) channels * height * width != values.length) {
            throw new IllegalArgumentException("feature map holds " + values.length + " values, not "
                    + channels + "×" + height + "×" + width);
        }
        int n = Math.min(channels, Math.max(0, limit));
        ArgbImage[] out = new ArgbImage[n];
        int size = height * width;
        for (int c = 0; c < n; c++) {
            out[c] = new ArgbImage(width, height, KernelImages.colour(KernelImages.slice(values, c * size, size), map));
        }
        return out;
    }

    /** A flat layer's features as one row of cells (e.g. the 10 class scores). */
    public static ArgbImage vector(float[] values, Colormap map) {
        return new ArgbImage(values.length, 1, KernelImages.colour(KernelImages.slice(values, 0, values.length), map));
    }
}
