package org.alexnetstudio.viz;

/**
 * Explanation maps as pictures: a map scaled to [0, 1] (saliency, Grad-CAM) in a heat colour scale, a
 * signed one in [−1, 1] (occlusion) in blue/white/red, laid over the grey image the network saw with a
 * chosen opacity; and images the network could see (activation maximisation) stretched to full contrast.
 */
public final class HeatmapImages {

    /** Inferno (matplotlib's perceptually uniform scale) at five stops: black, purple, red, orange, pale yellow. */
    private static final double[][] HEAT = {
        {0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};

    private HeatmapImages() {
    }

    /** A value in [0, 1] → ARGB on the heat scale (0 black, 1 pale yellow); outside values are clamped. */
    public static int heat(double t) {
        double v = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t)) * (HEAT.length - 1);
        int i = Math.min(HEAT.length - 2, (int) v);
        double f = v - i;
        int r = Colormap.clampByte(HEAT[i][0] + f * (HEAT[i + 1][0] - HEAT[i][0]));
        int g = Colormap.clampByte(HEAT[i][1] + f * (HEAT[i + 1][1] - HEAT[i][1]));
        int b = Colormap.clampByte(HEAT[i][2] + f * (HEAT[i + 1][2] - HEAT[i][2]));
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    /** The map alone: [0, 1] on the heat scale, or [−1, 1] blue/white/red when {@code signed}. */
    public static ArgbImage map(float[] map, int width, int height, boolean signed) {
        check(map.length, width * height);
        int[] px = new int[map.length];
        for (int k = 0; k < px.length; k++) {
            px[k] = signed ? Colormap.diverging(map[k]) : heat(map[k]);
        }
        return new ArgbImage(width, height, px);
    }

    /**
     * The map's colours laid over the image the network saw: each pixel is (1 − a)·grey + a·colour,
     * grey the mean of the image's channels (values in [0, 1], C×H×W), a = opacity for a [0, 1] map;
     * for a signed map a = min(1, 2·opacity)·|value|, so that where it is near zero the image shows
     * unchanged instead of washed out by white, and at opacity ½ its extremes show in full colour.
     */
    public static ArgbImage overlay(float[] image, int channels, float[] map, int width, int height, boolean signed,
                                    double opacity) {
        int hw = width * height;
        check(map.length, hw);
        check(image.length, channels * hw);
        double opaque = Math.max(0, Math.min(1, opacity));
        int[] px = new int[hw];
        for (int k = 0; k < hw; k++) {
            double a = signed ? Math.min(1, 2 * opaque) * Math.min(1, Math.abs(map[k])) : opaque;
            double grey = 0;
            for (int c = 0; c < channels; c++) {
                grey += image[c * hw + k];
            }
            grey = Math.max(0, Math.min(1, grey / channels)) * 255;
            int colour = signed ? Colormap.diverging(map[k]) : heat(map[k]);
            int r = Colormap.clampByte((1 - a) * grey + a * (colour >> 16 & 0xFF));
            int g = Colormap.clampByte((1 - a) * grey + a * (colour >> 8 & 0xFF));
            int b = Colormap.clampByte((1 - a) * grey + a * (colour & 0xFF));
            px[k] = 0xFF000000 | r << 16 | g << 8 | b;
        }
        return new ArgbImage(width, height, px);
    }

    /** A horizontal colour bar, low end on the left: the legend of {@link #map}. */
    public static ArgbImage colourBar(int width, int height, boolean signed) {
        int[] px = new int[width * height];
        for (int x = 0; x < width; x++) {
            double t = width == 1 ? 1 : (double) x / (width - 1);
            int colour = signed ? Colormap.diverging(2 * t - 1) : heat(t);
            for (int y = 0; y < height; y++) {
                px[y * width + x] = colour;
            }
        }
        return new ArgbImage(width, height, px);
    }

    /**
     * An input image (C×H×W, e.g. an activation-maximisation result) with its darkest value black and
     * its brightest white: grey for one channel, RGB for three, the channels' mean otherwise.
     */
    public static ArgbImage stretched(float[] image, int channels, int height, int width) {
        int hw = height * width;
        check(image.length, channels * hw);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : image) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max > min ? max - min : 1;
        int[] px = new int[hw];
        for (int k = 0; k < hw; k++) {
            if (channels == 3) {
                int r = Colormap.clampByte((image[k] - min) / range * 255);
                int g = Colormap.clampByte((image[hw + k] - min) / range * 255);
                int b = Colormap.clampByte((image[2 * hw + k] - min) / range * 255);
                px[k] = 0xFF000000 | r << 16 | g << 8 | b;
            } else {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += image[c * hw + k];
                }
                px[k] = Colormap.grey((sum / channels - min) / range);
            }
        }
        return new ArgbImage(width, height, px);
    }

    /** Each pixel repeated factor×factor times: a small map at a readable size (nearest neighbour). */
    public static ArgbImage enlarged(ArgbImage a, int factor) {
        int f = Math.max(1, factor);
        int w = a.width() * f;
        int h = a.height() * f;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = a.pixels()[(y / f) * a.width() + x / f];
            }
        }
        return new ArgbImage(w, h, px);
    }

    private static void check(int length, int expected) {
        if (length != expected) {
            throw new IllegalArgumentException("map holds " + length + " values, not " + expected);
        }
    }
}
