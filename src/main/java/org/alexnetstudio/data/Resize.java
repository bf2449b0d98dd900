package org.alexnetstudio.data;

import java.util.concurrent.ConcurrentHashMap;

/**
 * torchvision's {@code Resize(size)} on a PIL image followed by {@code ToTensor()}, reproduced
 * integer-for-integer: PIL's bilinear resample (triangle filter, half-pixel centres, weights
 * renormalised at the edges, 22-bit fixed-point weights), horizontal pass first into an 8-bit
 * intermediate, then the vertical pass, each rounded to uint8; then /255 in float like ToTensor.
 */
public final class Resize {

    /** PIL's PRECISION_BITS for 8-bit images: 32 - 8 - 2. */
    private static final int PRECISION_BITS = 22;
    private static final int HALF = 1 << (PRECISION_BITS - 1); // rounds the fixed-point sums
    private static final float[] TO_UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            TO_UNIT[v] = (float) v / 255f; // ToTensor: img.float().div(255)
        }
    }

    private static final ConcurrentHashMap<Long, Weights> CACHE = new ConcurrentHashMap<>();

    private Resize() {
    }

    /** torchvision Resize(size) (PIL bilinear) + ToTensor for one image: size*size floats in [0,1]. */
    public static void bilinear(byte[] src, int srcOffset, int rows, int cols, int size, float[] dst, int dstOffset) {
        if (size == rows && size == cols) {
            for (int i = 0, n = rows * cols; i < n; i++) {
                dst[dstOffset + i] = TO_UNIT[src[srcOffset + i] & 0xFF];
            }
            return;
        }
        new Resizer(rows, cols, size).resize(src, srcOffset, dst, dstOffset);
    }

    /** The uint8 image PIL would produce (before /255): size*size values 0..255. */
    public static void bilinearBytes(byte[] src, int srcOffset, int rows, int cols, int size, byte[] dst, int dstOffset) {
        new Resizer(rows, cols, size).resizeBytes(src, srcOffset, dst, dstOffset);
    }

    /**
     * A reusable resizer for one (rows, cols, size): holds the precomputed weights and the 8-bit
     * intermediate, so per image it only multiplies and adds. Not thread-safe: one per thread.
     */
    public static final class Resizer {
        private final int rows;
        private final int cols;
        private final int size;
        private final Weights horizontal;
        private final Weights vertical;
        private final int[] temp;   // rows × size, after the horizontal pass
        private final int[] acc;    // one output row of the vertical pass

        public Resizer(int rows, int cols, int size) {
            if (rows < 1 || cols < 1 || size < 1) {
                throw new IllegalArgumentException("sizes must be >= 1: " + rows + "x" + cols + " -> " + size);
            }
            this.rows = rows;
            this.cols = cols;
            this.size = size;
            this.horizontal = weights(cols, size);
            this.vertical = weights(rows, size);
            this.temp = new int[rows * size];
            this.acc = new int[size];
        }

        public void resize(byte[] src, int srcOffset, float[] dst, int dstOffset) {
            if (size == rows && size == cols) {
                for (int i = 0, n = rows * cols; i < n; i++) {
                    dst[dstOffset + i] = TO_UNIT[src[srcOffset + i] & 0xFF];
                }
                return;
            }
            horizontalPass(src, srcOffset);
            if (rows == size) {
                for (int i = 0, n = size * size; i < n; i++) {
                    dst[dstOffset + i] = TO_UNIT[temp[i]];
                }
                return;
            }
            for (int y = 0; y < size; y++) {
                verticalRow(y);
                int outRow = dstOffset + y * size;
                for (int x = 0; x < size; x++) {
                    dst[outRow + x] = TO_UNIT[clip8(acc[x])];
                }
            }
        }

        /** Rows × cols -> rows × size into temp, rounded to uint8 as PIL stores its intermediate. */
        private void horizontalPass(byte[] src, int srcOffset) {
            if (cols == size) {
                for (int i = 0, n = rows * cols; i < n; i++) {
                    temp[i] = src[srcOffset + i] & 0xFF;
                }
                return;
            }
            Weights h = horizontal;
            int hk = h.ksize;
            for (int r = 0; r < rows; r++) {
                int rowStart = srcOffset + r * cols;
                int outRow = r * size;
                for (int x = 0; x < size; x++) {
                    int start = rowStart + h.first[x];
                    int kBase = x * hk;
                    int a = HALF;
                    for (int k = 0, n = h.count[x]; k < n; k++) {
                        a += (src[start + k] & 0xFF) * h.coeffs[kBase + k];
                    }
                    temp[outRow + x] = clip8(a);
                }
            }
        }

        /** Output row y of the vertical pass, unclipped, into acc; whole rows at a time (vectorisable). */
        private void verticalRow(int y) {
            Weights v = vertical;
            int first = v.first[y];
            int n = v.count[y];
            int kBase = y * v.ksize;
            java.util.Arrays.fill(acc, HALF);
            for (int k = 0; k < n; k++) {
                int c = v.coeffs[kBase + k];
                int rowBase = (first + k) * size;
                for (int x = 0; x < size; x++) {
                    acc[x] += temp[rowBase + x] * c;
                }
            }
        }

        public void resizeBytes(byte[] src, int srcOffset, byte[] dst, int dstOffset) {
            horizontalPass(src, srcOffset);
            if (rows == size) {
                for (int i = 0, n = rows * size; i < n; i++) {
                    dst[dstOffset + i] = (byte) temp[i];
                }
                return;
            }
            for (int y = 0; y < size; y++) {
                verticalRow(y);
                int outRow = dstOffset + y * size;
                for (int x = 0; x < size; x++) {
                    dst[outRow + x] = (byte) clip8(acc[x]);
                }
            }
        }
    }

    private static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    /** PIL's precompute_coeffs + normalize_coeffs_8bpc for the bilinear filter (support 1). */
    static final class Weights {
        final int ksize;
        final int[] first;
        final int[] count;
        final int[] coeffs;

        Weights(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = 1.0 * filterScale;
            ksize = (int) Math.ceil(support) * 2 + 1;
            first = new int[outSize];
            count = new int[outSize];
            coeffs = new int[outSize * ksize];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = (int) (center - support + 0.5); // C truncation toward zero, as PIL
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = triangle((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double kx = ww != 0.0 ? k[x] / ww : k[x];
                    double scaled = kx * (1 << PRECISION_BITS);
                    coeffs[xx * ksize + x] = (int) (kx < 0 ? -0.5 + scaled : 0.5 + scaled);
                }
                first[xx] = xmin;
                count[xx] = xmax;
            }
        }

        private static double triangle(double x) {
            if (x < 0.0) {
                x = -x;
            }
            return x < 1.0 ? 1.0 - x : 0.0;
        }
    }

    static Weights weights(int inSize, int outSize) {
        return CACHE.computeIfAbsent(((long) inSize << 32) | outSize, key -> new Weights(inSize, outSize));
    }
}
