package org.alexnetstudio.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory one training step needs for a batch, counted from the shapes as float32: the count the
 * book's exercise ("which part of AlexNet dominates memory?") asks for. Per layer: its weights, their
 * gradients and, with momentum, one velocity per weight (plain SGD keeps none); its output for the
 * whole batch, kept for the backward pass, and the gradient of the loss with respect to that output.
 * The input batch counts once (it needs no gradient).
 *
 * <p>This is the textbook count, not an engine's buffer plan: a real engine shares some buffers (an
 * in-place ReLU), frees gradients as soon as they are used, and needs workspace (a convolution's
 * unfolded input) and the test pass's buffers besides. It is the same on every device.
 *
 * @param batchSize  examples per step
 * @param momentum   whether the optimizer keeps a velocity per weight (SGD with momentum &gt; 0)
 * @param inputBytes the input batch
 * @param layers     one entry per layer of the analysis, zero for a layer whose shape is unknown
 */
public record TrainingMemory(int batchSize, boolean momentum, long inputBytes, List<Layer> layers) {

    /** float32 */
    public static final int BYTES_PER_VALUE = 4;

    public TrainingMemory {
        layers = List.copyOf(layers);
    }

    /**
     * One layer's share.
     *
     * @param weightBytes             its parameters
     * @param weightGradientBytes     the gradient of each parameter (same size)
     * @param momentumBytes           the optimizer's velocity per parameter (0 for plain SGD)
     * @param activationBytes         its output for the whole batch, kept for the backward pass
     * @param activationGradientBytes the gradient with respect to that output (same size)
     */
    public record Layer(int index, LayerSpec layer, long weightBytes, long weightGradientBytes, long momentumBytes,
                        long activationBytes, long activationGradientBytes) {

        /** Weights, their gradients and momentum: independent of the batch size. */
        public long parameterStateBytes() {
            return weightBytes + weightGradientBytes + momentumBytes;
        }

        /** Output and its gradient: proportional to the batch size. */
        public long activationStateBytes() {
            return activationBytes + activationGradientBytes;
        }

        public long totalBytes() {
            return parameterStateBytes() + activationStateBytes();
        }
    }

    /** The count for {@code analysis} at {@code batchSize}; with {@code momentum} one velocity per weight. */
    public static TrainingMemory of(NetworkAnalysis analysis, int batchSize, boolean momentum) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize);
        }
        long batch = batchSize;
        List<Layer> out = new ArrayList<>(analysis.layers().size());
        for (LayerReport r : analysis.layers()) {
            long weights = r.known() ? r.parameters() * BYTES_PER_VALUE : 0;
            long activations = r.known() ? r.activationElements() * BYTES_PER_VALUE * batch : 0;
            out.add(new Layer(r.index(), r.layer(), weights, weights, momentum ? weights : 0, activations, activations));
        }
        Shape in = analysis.spec().input();
        long inputBytes = analysis.inputError() == null ? in.elements() * BYTES_PER_VALUE * batch : 0;
        return new TrainingMemory(batchSize, momentum, inputBytes, out);
    }

    public long weightBytes() {
        return layers.stream().mapToLong(Layer::weightBytes).sum();
    }

    public long weightGradientBytes() {
        return layers.stream().mapToLong(Layer::weightGradientBytes).sum();
    }

    public long momentumBytes() {
        return layers.stream().mapToLong(Layer::momentumBytes).sum();
    }

    /** Every layer's output for the batch plus the input batch. */
    public long activationBytes() {
        return inputBytes + layers.stream().mapToLong(Layer::activationBytes).sum();
    }

    public long activationGradientBytes() {
        return layers.stream().mapToLong(Layer::activationGradientBytes).sum();
    }

    /** Weights, their gradients and momentum. */
    public long parameterStateBytes() {
        return weightBytes() + weightGradientBytes() + momentumBytes();
    }

    /** Activations (with the input) and their gradients. */
    public long activationStateBytes() {
        return activationBytes() + activationGradientBytes();
    }

    public long totalBytes() {
        return parameterStateBytes() + activationStateBytes();
    }
}
