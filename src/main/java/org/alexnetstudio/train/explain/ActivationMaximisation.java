package org.alexnetstudio.train.explain;

import java.util.Random;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Network;

/**
 * What a unit wants to see: gradient ascent on the input image, from grey or from noise, to raise one
 * class's score (its logit) or one conv filter's mean output (after its batch norm, see
 * {@link ExplainLayers#filterLayer}), with the simple regularisers of Simonyan et al. (2014) and
 * Mordvintsev et al. (2015): each step shifts the image by a random jitter before the gradient is taken
 * (and shifts the gradient back), pulls every pixel a little towards black (an L2 penalty on the pixels;
 * black is the background of Fashion-MNIST's pictures, so what the unit does not need fades into it), and every
 * few steps blurs the image slightly; pixels stay in [0, 1], the range of the training images. The
 * step follows the gradient divided by its mean magnitude, so its size does not depend on the scale of
 * the score.
 */
public final class ActivationMaximisation {

    /** Where the ascent starts. */
    public enum Start { GREY, NOISE }

    /**
     * @param steps       gradient steps
     * @param stepSize    mean change of a pixel per step (in [0, 1] units)
     * @param jitter      the largest random shift in pixels, each direction
     * @param decay       the L2 pull towards black (0, the training images' background) per step: x ← (1 − decay)·x
     * @param blurEvery   blur every this many steps (0: never)
     * @param blurSigma   the 3×3 Gaussian blur's σ in pixels
     */
    public record Settings(int steps, double stepSize, int jitter, double decay, int blurEvery, double blurSigma,
                           Start start, long seed) {

        public Settings {
            if (steps < 1 || stepSize <= 0 || jitter < 0 || decay < 0 || decay >= 1 || blurEvery < 0 || blurSigma < 0) {
                throw new IllegalArgumentException("bad activation-maximisation settings");
            }
        }

        /** The app's defaults for an input of {@code size}×{@code size}: jitter a 28th of the side. */
        public static Settings defaults(int size) {
            return new Settings(200, 0.02, Math.max(1, Math.round(size / 28f)), 0.03, 4, 0.5, Start.NOISE, 1);
        }

        public Settings withSteps(int n) {
            return new Settings(n, stepSize, jitter, decay, blurEvery, blurSigma, start, seed);
        }

        public Settings withStart(Start s) {
            return new Settings(steps, stepSize, jitter, decay, blurEvery, blurSigma, s, seed);
        }
    }

    /**
     * @param image           the result, C×H×W in [0, 1]
     * @param objective       the score or mean activation it reaches
     * @param startObjective  that of the starting image
     */
    public record Result(float[] image, double objective, double startObjective) {
    }

    private ActivationMaximisation() {
    }

    /** The image that raises class {@code cls}'s logit. */
    public static Result forClass(Network net, int cls, Settings settings, Progress progress) {
        if (cls < 0 || cls >= net.classes()) {
            throw new IllegalArgumentException("class " + cls + " outside 0.." + (net.classes() - 1));
        }
        int last = net.spec().layers().size() - 1;
        float[] u = new float[net.classes()];
        u[cls] = 1;
        return ascend(net, last, u, settings, progress);
    }

    /** The image that raises the mean output of filter {@code channel} of conv layer {@code conv}. */
    public static Result forFilter(Network net, int conv, int channel, Settings settings, Progress progress) {
        int layer = ExplainLayers.filterLayer(net.spec(), conv);
        Shape out = net.analysis().layers().get(layer).output();
        if (channel < 0 || channel >= out.channels()) {
            throw new IllegalArgumentException("filter " + channel + " outside 0.." + (out.channels() - 1));
        }
        int hw = out.height() * out.width();
        float[] u = new float[(int) out.elements()];
        java.util.Arrays.fill(u, channel * hw, (channel + 1) * hw, 1f / hw); // d(mean of channel)/d(output)
        return ascend(net, layer, u, settings, progress);
    }

    /** Gradient ascent on u·(layer {@code from}'s output). */
    static Result ascend(Network net, int from, float[] u, Settings s, Progress progress) {
        Shape in = net.spec().input();
        int c = in.channels();
        int h = in.height();
        int w = in.width();
        Random random = new Random(s.seed());
        float[] x = new float[c * h * w];
        for (int k = 0; k < x.length; k++) {
            x[k] = s.start() == Start.GREY ? 0.5f : (float) (0.4 + 0.2 * random.nextDouble());
        }
        double startObjective = Double.NaN;
        float[] shifted = new float[x.length];
        float[] gradient = new float[x.length];
        progress.report(0, s.steps());
        for (int t = 0; t < s.steps(); t++) {
            progress.check();
            int dy = s.jitter() == 0 ? 0 : random.nextInt(2 * s.jitter() + 1) - s.jitter();
            int dx = s.jitter() == 0 ? 0 : random.nextInt(2 * s.jitter() + 1) - s.jitter();
            roll(x, shifted, c, h, w, dy, dx);
            Network.Explanation e = net.explainFrom(shifted, from, u, from);
            if (t == 0) {
                startObjective = dot(u, e.activation());
            }
            roll(e.inputGradient(), gradient, c, h, w, -dy, -dx);
            double mean = 0;
            for (float g : gradient) {
                mean += Math.abs(g);
            }
            mean /= gradient.length;
            double step = mean > 0 ? s.stepSize() / mean : 0;
            for (int k = 0; k < x.length; k++) {
                double v = x[k] + step * gradient[k];
                v -= s.decay() * v;
                x[k] = (float) v;
            }
            if (s.blurEvery() > 0 && (t + 1) % s.blurEvery() == 0) {
                blur(x, c, h, w, s.blurSigma());
            }
            for (int k = 0; k < x.length; k++) {
                x[k] = Math.max(0f, Math.min(1f, x[k]));
            }
            progress.report(t + 1, s.steps());
        }
        double objective = dot(u, net.explainFrom(x, from, u, from).activation());
        return new Result(x, objective, startObjective);
    }

    private static double dot(float[] u, float[] v) {
        double sum = 0;
        for (int k = 0; k < u.length; k++) {
            sum += (double) u[k] * v[k];
        }
        return sum;
    }

    /** out(c, y, x) = in(c, (y − dy) mod h, (x − dx) mod w): the image shifted by (dy, dx), wrapping around. */
    static void roll(float[] in, float[] out, int c, int h, int w, int dy, int dx) {
        for (int ch = 0; ch < c; ch++) {
            int base = ch * h * w;
            for (int y = 0; y < h; y++) {
                int sy = Math.floorMod(y - dy, h);
                for (int x = 0; x < w; x++) {
                    out[base + y * w + x] = in[base + sy * w + Math.floorMod(x - dx, w)];
                }
            }
        }
    }

    /** A separable 3×3 Gaussian blur with σ in place, each channel alone; edges repeat their pixels. */
    static void blur(float[] img, int c, int h, int w, double sigma) {
        if (sigma <= 0) {
            return;
        }
        double side = Math.exp(-1 / (2 * sigma * sigma));
        double a = side / (1 + 2 * side); // weights a, 1 − 2a, a
        double b = 1 - 2 * a;
        float[] tmp = new float[h * w];
        for (int ch = 0; ch < c; ch++) {
            int base = ch * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int row = base + y * w;
                    tmp[y * w + x] = (float) (a * img[row + Math.max(0, x - 1)] + b * img[row + x]
                            + a * img[row + Math.min(w - 1, x + 1)]);
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img[base + y * w + x] = (float) (a * tmp[Math.max(0, y - 1) * w + x] + b * tmp[y * w + x]
                            + a * tmp[Math.min(h - 1, y + 1) * w + x]);
                }
            }
        }
    }
}
