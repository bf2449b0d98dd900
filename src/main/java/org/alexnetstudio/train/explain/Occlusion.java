package org.alexnetstudio.train.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Occlusion sensitivity (Zeiler &amp; Fergus 2014): a patch of the image's mean value (its "grey",
 * MATLAB's {@code occlusionSensitivity} default) slides over the image, every position at once through
 * the network's test-mode logits in batches; the map at a pixel is the mean, over the patches that
 * cover it, of the drop in the class's probability, p(class | image) − p(class | occluded image).
 * Positive: hiding that part lowers the probability (evidence for the class); negative: hiding it
 * raises it (evidence against). One run gives every class's map (all probabilities are kept).
 */
public final class Occlusion {

    /** Test-mode logits of n images (C×H×W floats each): what {@code Network.logits} is. */
    @FunctionalInterface
    public interface Logits {
        float[][] of(float[] images, int n);
    }

    /**
     * One run's numbers.
     *
     * @param original   class probabilities of the image itself
     * @param tops       the patches' top rows, one per position (with {@code lefts})
     * @param occluded   class probabilities with patch k in place, [positions][classes]
     */
    public record Result(int height, int width, int patch, int stride, float[] original, int[] tops, int[] lefts,
                         float[][] occluded) {

        public int positions() {
            return tops.length;
        }

        /** The H×W map of class {@code c}: the mean probability drop of the patches covering each pixel. */
        public float[] map(int c) {
            double[] sum = new double[height * width];
            int[] count = new int[height * width];
            for (int k = 0; k < tops.length; k++) {
                double drop = original[c] - occluded[k][c];
                for (int y = tops[k]; y < Math.min(height, tops[k] + patch); y++) {
                    for (int x = lefts[k]; x < Math.min(width, lefts[k] + patch); x++) {
                        sum[y * width + x] += drop;
                        count[y * width + x]++;
                    }
                }
            }
            float[] map = new float[sum.length];
            for (int i = 0; i < map.length; i++) {
                map[i] = count[i] == 0 ? 0 : (float) (sum[i] / count[i]);
            }
            return map;
        }
    }

    private Occlusion() {
    }

    /**
     * Patch positions along a side of {@code size}: 0, stride, 2·stride, … while the patch fits, plus
     * {@code size − patch} when the last one stops short of the edge, so that every pixel is covered.
     * A patch larger than the side covers all of it from 0.
     */
    public static int[] positions(int size, int patch, int stride) {
        if (patch < 1 || stride < 1) {
            throw new IllegalArgumentException("patch and stride must be at least 1, not " + patch + " and " + stride);
        }
        List<Integer> out = new ArrayList<>();
        int last = Math.max(0, size - patch);
        for (int p = 0; p <= last; p += stride) {
            out.add(p);
        }
        if (out.get(out.size() - 1) != last) {
            out.add(last);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Runs the occlusion of one image (C×H×W) in batches of at most {@code batch} occluded copies.
     *
     * @throws java.util.concurrent.CancellationException when {@code progress} says to stop
     */
    public static Result run(Logits logits, float[] image, int channels, int height, int width, int patch, int stride,
                             int batch, Progress progress) {
        if ((long) channels * height * width != image.length) {
            throw new IllegalArgumentException("image holds " + image.length + " values, not " + channels + "×"
                    + height + "×" + width);
        }
        int[] ys = positions(height, patch, stride);
        int[] xs = positions(width, patch, stride);
        int count = ys.length * xs.length;
        int[] tops = new int[count];
        int[] lefts = new int[count];
        for (int i = 0; i < ys.length; i++) {
            for (int j = 0; j < xs.length; j++) {
                tops[i * xs.length + j] = ys[i];
                lefts[i * xs.length + j] = xs[j];
            }
        }
        int hw = height * width;
        float[] fill = new float[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int k = 0; k < hw; k++) {
                sum += image[c * hw + k];
            }
            fill[c] = (float) (sum / hw);
        }
        float[] original = softmax(logits.of(image, 1)[0]);
        float[][] occluded = new float[count][];
        int size = Math.max(1, batch);
        float[] images = new float[Math.min(size, count) * image.length];
        progress.report(0, count);
        for (int first = 0; first < count; first += size) {
            progress.check();
            int n = Math.min(size, count - first);
            for (int k = 0; k < n; k++) {
                int base = k * image.length;
                System.arraycopy(image, 0, images, base, image.length);
                int top = tops[first + k];
                int left = lefts[first + k];
                for (int c = 0; c < channels; c++) {
                    for (int y = top; y < Math.min(height, top + patch); y++) {
                        int row = base + c * hw + y * width;
                        java.util.Arrays.fill(images, row + left, row + Math.min(width, left + patch), fill[c]);
                    }
                }
            }
            float[][] out = logits.of(images, n);
            for (int k = 0; k < n; k++) {
                occluded[first + k] = softmax(out[k]);
            }
            progress.report(first + n, count);
        }
        return new Result(height, width, patch, stride, original, tops, lefts, occluded);
    }

    /** Softmax of one row (a copy), in double for the sum. */
    static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            e[k] = Math.exp(logits[k] - max);
            sum += e[k];
        }
        float[] p = new float[logits.length];
        for (int k = 0; k < logits.length; k++) {
            p[k] = (float) (e[k] / sum);
        }
        return p;
    }
}
