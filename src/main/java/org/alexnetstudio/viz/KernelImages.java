package org.alexnetstudio.viz;

/**
 * Conv kernels as small images, like the AlexNet paper's figure of first-layer filters. Weights are
 * in PyTorch's layout [out][in][kh][kw]; each tile is scaled to its own range so that every
 * filter's pattern is visible whatever its magnitude.
 */
public final class KernelImages {

    /** Which input channel of a kernel to show: one of them, or their mean. */
    public static final int MEAN_OF_INPUTS = -1;

    private KernelImages() {
    }

    /**
     * One kernel as kh×kw ARGB pixels.
     *
     * @param inChannel an input channel, or {@link #MEAN_OF_INPUTS}
     */
    public static ArgbImage tile(float[] weights, int outChannels, int inChannels, int kernelH, int kernelW,
                                 int out, int inChannel, Colormap map) {
        checkLength(weights, outChannels, inChannels, kernelH, kernelW);
        if (out < 0 || out >= outChannels) {
            throw new IllegalArgumentException("kernel " + out + " of " + outChannels);
        }
        if (inChannel != MEAN_OF_INPUTS && (inChannel < 0 || inChannel >= inChannels)) {
            throw new IllegalArgumentException("input channel " + inChannel + " of " + inChannels);
        }
        int size = kernelH * kernelW;
        double[] v = new double[size];
        if (inChannel == MEAN_OF_INPUTS) {
            for (int in = 0; in < inChannels; in++) {
                int from = (out * inChannels + in) * size;
                for (int k = 0; k < size; k++) {
                    v[k] += weights[from + k];
                }
            }
            for (int k = 0; k < size; k++) {
                v[k] /= inChannels;
            }
        } else {
            int from = (out * inChannels + inChannel) * size;
            for (int k = 0; k < size; k++) {
                v[k] = weights[from + k];
            }
        }
        return new ArgbImage(kernelW, kernelH, colour(v, map));
    }

    /** Every kernel of the layer, in order. */
    public static ArgbImage[] tiles(float[] weights, int outChannels, int inChannels, int kernelH, int kernelW,
                                    int inChannel, Colormap map) {
        ArgbImage[] tiles = new ArgbImage[outChannels];
        for (int o = 0; o < outChannels; o++) {
            tiles[o] = tile(weights, outChannels, inChannels, kernelH, kernelW, o, inChannel, map);
        }
        return tiles;
    }

    /**
     * Values → colours, scaled to their own range: grey maps min→black, max→white; diverging maps
     * ±max|v| → full blue/red so that zero stays white. A constant tile is mid-grey (or white).
     */
    public static int[] colour(double[] v, Colormap map) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x)) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        int[] argb = new int[v.length];
        if (min > max) { // nothing finite
            java.util.Arrays.fill(argb, map == Colormap.GREY ? Colormap.grey(0.5) : Colormap.diverging(0));
            return argb;
        }
        if (map == Colormap.GREY) {
            double range = max - min;
            for (int k = 0; k < v.length; k++) {
                argb[k] = Colormap.grey(range == 0 ? 0.5 : (v[k] - min) / range);
            }
        } else {
            double scale = Math.max(Math.abs(min), Math.abs(max));
            for (int k = 0; k < v.length; k++) {
                argb[k] = Colormap.diverging(scale == 0 ? 0 : v[k] / scale);
            }
        }
        return argb;
    }

    /** The floats of a channel (or of anything) as doubles, for {@link #colour}. */
    public static double[] slice(float[] values, int from, int length) {
        double[] v = new double[length];
        for (int k = 0; k < length; k++) {
            v[k] = values[from + k];
        }
        return v;
    }

    /**
     * Tiles side by side in rows of {@code columns}, each enlarged {@code scale}× (nearest
     * neighbour), with {@code gap} pixels of {@code background} between them: for the PNG export.
     */
    public static ArgbImage grid(ArgbImage[] tiles, int columns, int scale, int gap, int background) {
        if (tiles.length == 0) {
            return new ArgbImage(0, 0, new int[0]);
        }
        int tw = tiles[0].width() * scale;
        int th = tiles[0].height() * scale;
        int cols = Math.max(1, Math.min(columns, tiles.length));
        int rows = (tiles.length + cols - 1) / cols;
        int w = cols * tw + (cols + 1) * gap;
        int h = rows * th + (rows + 1) * gap;
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, background);
        for (int i = 0; i < tiles.length; i++) {
            int x0 = gap + (i % cols) * (tw + gap);
            int y0 = gap + (i / cols) * (th + gap);
            ArgbImage t = tiles[i];
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    px[(y0 + y) * w + x0 + x] = t.argb(x / scale, y / scale);
                }
            }
        }
        return new ArgbImage(w, h, px);
    }

    private static void checkLength(float[] weights, int out, int in, int kh, int kw) {
        long need = (long) out * in * kh * kw;
        if (weights.length != need) {
            throw new IllegalArgumentException("weights hold " + weights.length + " values, "
                    + out + "×" + in + "×" + kh + "×" + kw + " = " + need + " expected");
        }
    }
}
