package org.alexnetstudio.train.explain;

import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Network;

/**
 * Saliency, SmoothGrad, Grad-CAM and occlusion of one image for one class, on any backend's
 * {@link Network} (its test-mode {@code explain} and {@code logits}); the arithmetic is
 * {@link Heatmaps}' and {@link Occlusion}'s. Maps are H×W at the network's input size, raw (not
 * normalised). Thread-safe as the network is: one caller at a time per network is typical.
 */
public final class Explainer {

    /** Occluded copies per test-mode batch: large enough to keep the cores busy, small enough to cancel soon. */
    public static final int OCCLUSION_BATCH = 64;

    /**
     * Saliency and Grad-CAM of one class, from one backward pass.
     *
     * @param saliency   H×W
     * @param camLayer   the layer Grad-CAM read (−1: none)
     * @param camLow     Grad-CAM at that layer's h×w (null without a layer)
     * @param gradCam    Grad-CAM upsampled to H×W (null without a layer)
     */
    public record Gradients(int cls, float[] saliency, int camLayer, float[] camLow, int camH, int camW,
                            float[] gradCam) {
    }

    private final Network net;
    private final Shape input;

    public Explainer(Network net) {
        this.net = net;
        this.input = net.spec().input();
        if (net.classes() == 0) {
            throw new IllegalArgumentException("this network's output is a feature map, not class scores: "
                    + "there is no class to explain");
        }
        if (!input.isSpatial()) {
            throw new IllegalArgumentException("explanations need an image input (C×H×W), not " + input);
        }
    }

    public Network network() {
        return net;
    }

    public NetworkSpec spec() {
        return net.spec();
    }

    /** The network's input shape, C×H×W. */
    public Shape input() {
        return input;
    }

    public int classes() {
        return net.classes();
    }

    /**
     * Saliency and (for a layer ≥ 0) Grad-CAM of class {@code cls}: one test-mode forward and backward
     * from the class's logit.
     *
     * @param camLayer  the layer whose output Grad-CAM reads (see {@link ExplainLayers#camLayer}), or −1
     */
    public Gradients gradients(float[] image, int cls, int camLayer) {
        if (cls < 0 || cls >= net.classes()) {
            throw new IllegalArgumentException("class " + cls + " outside 0.." + (net.classes() - 1));
        }
        Shape camShape = camLayer < 0 ? null : net.analysis().layers().get(camLayer).output();
        if (camShape != null && !camShape.isSpatial()) {
            throw new IllegalArgumentException("Grad-CAM needs a layer with feature maps; layer " + camLayer
                    + " outputs " + camShape);
        }
        float[] oneHot = new float[net.classes()];
        oneHot[cls] = 1;
        int last = net.spec().layers().size() - 1;
        Network.Explanation e = net.explain(image, oneHot, camLayer < 0 ? last : camLayer);
        float[] saliency = Heatmaps.saliency(e.inputGradient(), input.channels(), input.height(), input.width());
        if (camShape == null) {
            return new Gradients(cls, saliency, -1, null, 0, 0, null);
        }
        float[] low = Heatmaps.gradCam(e.activation(), e.activationGradient(), camShape.channels(), camShape.height(),
                camShape.width());
        float[] up = Heatmaps.upsampleBilinear(low, camShape.height(), camShape.width(), input.height(), input.width());
        return new Gradients(cls, saliency, camLayer, low, camShape.height(), camShape.width(), up);
    }

    /** SmoothGrad of class {@code cls}: see {@link Heatmaps#smoothGrad}. */
    public float[] smoothGrad(float[] image, int cls, int samples, double level, long seed, Progress progress) {
        return Heatmaps.smoothGrad(image, noisy -> gradients(noisy, cls, -1).saliency(), samples, level, seed, progress);
    }

    /** Occlusion with a {@code patch}×{@code patch} patch every {@code stride} pixels: every class's map at once. */
    public Occlusion.Result occlusion(float[] image, int patch, int stride, Progress progress) {
        return Occlusion.run(net::logits, image, input.channels(), input.height(), input.width(), patch, stride,
                OCCLUSION_BATCH, progress);
    }

    /** A patch about a seventh of the side (4 at 28, 32 at 224): the size of a part of a garment. */
    public static int defaultPatch(int size) {
        return Math.max(1, Math.round(size / 7f));
    }

    /** Half the patch: every pixel covered by about four patches. */
    public static int defaultStride(int patch) {
        return Math.max(1, patch / 2);
    }
}
