package org.alexnetstudio.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;

/**
 * A {@link NetworkSpec} built on one backend (the CPU's ND4J today): its parameters, a training step
 * and test-mode inference. Everything above {@code train/} (the session, the window, the commands)
 * uses this interface only; a backend adds a class that implements it (docs/architecture.md).
 *
 * <p>Parameters, running statistics and momentum buffers are exchanged as {@link Tensor}s under
 * PyTorch's {@code state_dict} keys ({@code 0.weight}, {@code 1.running_mean}, ...). Implementations
 * are thread-safe: a window thread that asks for predictions while a run trains waits at most one batch.
 */
public interface Network {

    /** One training step's outcome: mean loss of the batch, correct predictions, examples. */
    record StepResult(double loss, int correct, int size) {
    }

    /**
     * Parameters and batch-norm buffers ({@code state_dict}) with the momentum buffers, taken at one
     * moment between steps (copies).
     */
    record Snapshot(Map<String, Tensor> state, Map<String, Tensor> velocity) {
    }

    /**
     * Test-mode gradients of one image for explanations (saliency, Grad-CAM): with logit gradient u,
     * the gradients of u·logits with respect to the input and to one layer's output, and that output.
     *
     * @param inputGradient       d(u·logits)/d(image), C×H×W in PyTorch's order
     * @param activation          the chosen layer's output (as computed, before any later in-place layer)
     * @param activationGradient  d(u·logits)/d(that output); both C×H×W (or F for features)
     */
    record Explanation(float[] inputGradient, float[] activation, float[] activationGradient) {
    }

    NetworkSpec spec();

    NetworkAnalysis analysis();

    /** Number of classes the output scores, 0 when the output is a feature map (forward only). */
    int classes();

    long parameterCount();

    /**
     * Forward, backward and the SGD update of one batch (n images, C×H×W floats each in PyTorch's
     * order, and their labels). The momentum buffers are the network's own. A batch whose loss is not
     * finite changes nothing (the caller rolls back or stops).
     */
    StepResult trainStep(float[] images, int[] labels, int n, SgdOptimizer optimizer);

    /** Raw outputs (logits) for n images in test mode (running statistics, no dropout): [n][classes]. */
    float[][] logits(float[] images, int n);

    /** Class probabilities (softmax of the logits) for n images in test mode: [n][classes]. */
    default float[][] predict(float[] images, int n) {
        float[][] logits = logits(images, n);
        for (float[] row : logits) {
            softmaxInPlace(row);
        }
        return logits;
    }

    /**
     * Runs one image forward in test mode (running statistics, no dropout) and backward from the given
     * gradient of the logits (e.g. one-hot for one class's score), down to the input.
     *
     * @param logitsGradient  one value per class
     * @param layer           the layer whose output and output gradient to return (Grad-CAM's conv layer)
     */
    default Explanation explain(float[] image, float[] logitsGradient, int layer) {
        return explainFrom(image, spec().layers().size() - 1, logitsGradient, layer);
    }

    /**
     * Like {@link #explain}, but the backward starts at any layer: runs one image forward in test mode
     * up to layer {@code from} and backward from the given gradient of that layer's output (e.g. the
     * mean of one channel, for activation maximisation) down to the input. {@code explain} is this
     * with {@code from} the last layer.
     *
     * @param from            the layer whose output gradient is given (layers after it do not run)
     * @param outputGradient  d(objective)/d(layer {@code from}'s output), C×H×W in PyTorch's order (or F)
     * @param layer           the layer (at most {@code from}) whose output and output gradient to return
     * @throws IllegalArgumentException for a layer outside the network or a gradient of the wrong size
     */
    Explanation explainFrom(float[] image, int from, float[] outputGradient, int layer);

    /** Every layer's output for one image (test mode), in layer order, C×H×W order for feature maps. */
    List<FeatureMap> featureMaps(float[] image);

    /** Copies of every conv layer's current weights, [out, in, kh, kw]. */
    List<ConvWeights> convWeights();

    /** The PyTorch {@code state_dict}: parameters and batch-norm buffers in layer order, as copies. */
    LinkedHashMap<String, Tensor> stateDict();

    /** The keys and shapes {@link #stateDict()} has, without copying anything. */
    LinkedHashMap<String, long[]> stateDictShapes();

    /**
     * Loads a {@link #stateDict()}: every key present with the same shape, and no others.
     *
     * @throws IllegalArgumentException naming the first missing, extra or mis-shaped key
     */
    void loadStateDict(Map<String, Tensor> dict);

    /** State and momentum buffers (by parameter key; empty before the first step with momentum), consistently. */
    Snapshot snapshot();

    /** Loads a {@link #snapshot()} (NaN rollback, checkpoint resume): state_dict and momentum buffers. */
    void restore(Snapshot snapshot);

    /** Restarts the random stream that dropout masks are drawn from (one seed gives one run). */
    void reseed(long seed);

    /** Frees the training and test buffers (the run ended); the next step or test pass allocates them again. */
    void releaseBuffers();

    /** Which engine trains: e.g. {@code direct} (the CPU backend's ops called one by one). */
    String engine();

    /** How many shards a training batch is split into, one thread each (1: not split). */
    int trainingShards();

    /**
     * At most how many of the next training steps the engine still spends timing alternative kernels to
     * keep the faster (they train as usual, a little slower): benchmarks and the time estimate warm up
     * at least this long. 0: none (left, or chosen already).
     */
    default int choosingSteps() {
        return 0;
    }

    /** What those measurements chose, in a line (e.g. per conv layer); empty before or without them. */
    default String kernelChoices() {
        return "";
    }

    /** Numerically safe softmax of one row, in place. */
    static void softmaxInPlace(float[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < row.length; k++) {
            double e = Math.exp(row[k] - max);
            row[k] = (float) e;
            sum += e;
        }
        for (int k = 0; k < row.length; k++) {
            row[k] = (float) (row[k] / sum);
        }
    }
}
