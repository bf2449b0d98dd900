package org.alexnetstudio.train.explain;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The arithmetic of saliency, SmoothGrad and Grad-CAM on plain arrays (C×H×W in PyTorch's order,
 * maps H×W row-major), independent of any backend. The conventions are PyTorch's reference
 * implementations (bench/explain_reference.py computes them with autograd and hooks):
 *
 * <ul>
 *   <li><b>Saliency</b> (Simonyan et al. 2014): M(i, j) = max over channels c of |∂y/∂x(c, i, j)|, y the
 *   class's score (its logit, before softmax).</li>
 *   <li><b>Grad-CAM</b> (Selvaraju et al. 2017): with A the chosen layer's output (K×h×w) and G = ∂y/∂A,
 *   α_k = (1/(h·w)) Σ_ij G(k, i, j), L = ReLU(Σ_k α_k A(k, ·, ·)); then upsampled to the input size like
 *   {@code F.interpolate(L, size, mode="bilinear", align_corners=False)}. Not normalised: the raw map.</li>
 *   <li><b>SmoothGrad</b> (Smilkov et al. 2017): the mean of the saliency maps of n copies of the image
 *   with Gaussian noise N(0, σ²) added, σ = level · (max − min of the image).</li>
 * </ul>
 */
public final class Heatmaps {

    private Heatmaps() {
    }

    /** Saliency: max over channels of |gradient|, an H×W map. */
    public static float[] saliency(float[] inputGradient, int channels, int height, int width) {
        int hw = height * width;
        check(inputGradient.length, channels * hw, "input gradient");
        float[] map = new float[hw];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < hw; k++) {
                map[k] = Math.max(map[k], Math.abs(inputGradient[c * hw + k]));
            }
        }
        return map;
    }

    /** Grad-CAM's channel weights: each channel's gradient averaged over its h×w positions. */
    public static double[] gradCamWeights(float[] gradient, int channels, int height, int width) {
        int hw = height * width;
        check(gradient.length, channels * hw, "gradient");
        double[] alpha = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int k = 0; k < hw; k++) {
                sum += gradient[c * hw + k];
            }
            alpha[c] = sum / hw;
        }
        return alpha;
    }

    /** Grad-CAM at the layer's resolution: ReLU(Σ_k α_k A_k), an h×w map. */
    public static float[] gradCam(float[] activation, float[] gradient, int channels, int height, int width) {
        int hw = height * width;
        check(activation.length, channels * hw, "activation");
        double[] alpha = gradCamWeights(gradient, channels, height, width);
        double[] sum = new double[hw];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < hw; k++) {
                sum[k] += alpha[c] * activation[c * hw + k];
            }
        }
        float[] map = new float[hw];
        for (int k = 0; k < hw; k++) {
            map[k] = (float) Math.max(0, sum[k]);
        }
        return map;
    }

    /**
     * Bilinear resize of an h×w map to outH×outW as PyTorch's {@code F.interpolate(mode="bilinear",
     * align_corners=False)} computes it: output pixel i samples the source at (i + ½)·(h/outH) − ½,
     * clamped at 0, between its two neighbours (the last row and column repeat at the far edge).
     */
    public static float[] upsampleBilinear(float[] map, int height, int width, int outH, int outW) {
        check(map.length, height * width, "map");
        float[] out = new float[outH * outW];
        double scaleH = (double) height / outH;
        double scaleW = (double) width / outW;
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        double[] lx = new double[outW];
        for (int ox = 0; ox < outW; ox++) {
            double src = Math.max(0, scaleW * (ox + 0.5) - 0.5);
            x0[ox] = Math.min((int) src, width - 1);
            x1[ox] = x0[ox] < width - 1 ? x0[ox] + 1 : x0[ox];
            lx[ox] = src - x0[ox];
        }
        for (int oy = 0; oy < outH; oy++) {
            double src = Math.max(0, scaleH * (oy + 0.5) - 0.5);
            int y0 = Math.min((int) src, height - 1);
            int y1 = y0 < height - 1 ? y0 + 1 : y0;
            double ly = src - y0;
            for (int ox = 0; ox < outW; ox++) {
                double top = (1 - lx[ox]) * map[y0 * width + x0[ox]] + lx[ox] * map[y0 * width + x1[ox]];
                double bottom = (1 - lx[ox]) * map[y1 * width + x0[ox]] + lx[ox] * map[y1 * width + x1[ox]];
                out[oy * outW + ox] = (float) ((1 - ly) * top + ly * bottom);
            }
        }
        return out;
    }

    /**
     * SmoothGrad: the mean of {@code saliencyOf} over {@code samples} noisy copies of the image (noise
     * N(0, σ²), σ = level · (max − min of the image), drawn from {@code seed}). With level 0 it is the
     * plain saliency map.
     */
    public static float[] smoothGrad(float[] image, Function<float[], float[]> saliencyOf, int samples, double level,
                                     long seed, Progress progress) {
        if (samples < 1) {
            throw new IllegalArgumentException("SmoothGrad needs at least one sample, not " + samples);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : image) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double sigma = image.length == 0 ? 0 : level * (max - min);
        Random random = new Random(seed);
        double[] sum = null;
        float[] noisy = new float[image.length];
        for (int s = 0; s < samples; s++) {
            progress.check();
            for (int k = 0; k < image.length; k++) {
                noisy[k] = (float) (image[k] + sigma * random.nextGaussian());
            }
            float[] map = saliencyOf.apply(noisy);
            if (sum == null) {
                sum = new double[map.length];
            }
            for (int k = 0; k < map.length; k++) {
                sum[k] += map[k];
            }
            progress.report(s + 1, samples);
        }
        return mean(sum, samples);
    }

    /** The element-wise mean of equally long maps. */
    public static float[] mean(List<float[]> maps) {
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("no maps to average");
        }
        double[] sum = new double[maps.get(0).length];
        for (float[] m : maps) {
            check(m.length, sum.length, "map");
            for (int k = 0; k < m.length; k++) {
                sum[k] += m[k];
            }
        }
        return mean(sum, maps.size());
    }

    private static float[] mean(double[] sum, int n) {
        float[] out = new float[sum.length];
        for (int k = 0; k < sum.length; k++) {
            out[k] = (float) (sum[k] / n);
        }
        return out;
    }

    /** The largest value of a map (0 for an empty or all-negative one): the scale a display divides by. */
    public static float max(float[] map) {
        float m = 0;
        for (float v : map) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The largest absolute value (0 for an empty map). */
    public static float maxAbs(float[] map) {
        float m = 0;
        for (float v : map) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * A non-negative map divided by its maximum, into [0, 1] (zero stays zero; an all-zero map stays
     * zero). What the overlays show; the .npy files keep the raw values.
     */
    public static float[] normalise(float[] map) {
        return scaled(map, max(map));
    }

    /** A signed map divided by its largest absolute value, into [−1, 1]. */
    public static float[] normaliseSigned(float[] map) {
        return scaled(map, maxAbs(map));
    }

    private static float[] scaled(float[] map, float by) {
        float[] out = new float[map.length];
        if (by > 0 && Float.isFinite(by)) {
            for (int k = 0; k < map.length; k++) {
                out[k] = map[k] / by;
            }
        }
        return out;
    }

    private static void check(int length, int expected, String what) {
        if (length != expected) {
            throw new IllegalArgumentException(what + " holds " + length + " values, not " + expected);
        }
    }
}
