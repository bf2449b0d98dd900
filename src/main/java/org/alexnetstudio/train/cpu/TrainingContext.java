package org.alexnetstudio.train.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a layer's training ops work with for one batch size: the parameters and their gradients, the
 * step's buffers, and the state of the pass they run in (the whole batch's size when this is one
 * shard of it, and the exchange with the other shards). Layers register their dropout masks and batch
 * statistics here, for the step to draw and to apply.
 */
final class TrainingContext {

    /** A dropout mask to draw before each pass, in layer order. */
    record Mask(int layer, double p, INDArray mask) {
    }

    /** A batch-norm layer's batch statistics; {@code positions}: values per channel and example (H·W). */
    record Norm(int layer, INDArray mean, INDArray var, long positions) {
    }

    final int n;
    final DataType dtype;
    /**
     * Test mode (explanations): batch norm with the running statistics and its backward through them,
     * dropout the identity; otherwise training mode.
     */
    final boolean testMode;
    /** This step's index among the shards (0 when alone). */
    final int shard;
    /** Examples in the whole batch that these n belong to (more than n when sharded). */
    int examples;
    /** Where batch norm exchanges its per-channel sums with the other shards; null: alone. */
    ShardLink exchange;
    final List<Mask> masks = new ArrayList<>();
    final List<Norm> norms = new ArrayList<>();
    private final NetworkArrays arrays;
    private final Map<String, INDArray> gradients;
    private final TrainingBuffers buffers;

    TrainingContext(int n, int shard, NetworkArrays arrays, Map<String, INDArray> gradients, TrainingBuffers buffers,
                    boolean testMode) {
        this.n = n;
        this.testMode = testMode;
        this.examples = n;
        this.shard = shard;
        this.dtype = arrays.dtype;
        this.arrays = arrays;
        this.gradients = gradients;
        this.buffers = buffers;
    }

    /** Parameter i (PyTorch's order: weight, bias) of layer {@code layer}. */
    INDArray parameter(int layer, int i) {
        return arrays.array(arrays.layers().get(layer).parameters().get(i).variable());
    }

    /** The gradient buffer of parameter i of layer {@code layer}. */
    INDArray gradient(int layer, int i) {
        return gradients.get(arrays.layers().get(layer).parameters().get(i).variable());
    }

    /** The layer's own buffer {@code name}, whole. */
    INDArray own(int layer, String name) {
        return buffers.own(layer, name);
    }

    /** A c-ordered view of the given shape over the start of the layer's own buffer. */
    INDArray own(int layer, String name, long... shape) {
        return NdOps.view(buffers.own(layer, name), shape);
    }

    /** A c-ordered view of the given shape over the start of a shared buffer. */
    INDArray shared(String name, long... shape) {
        return NdOps.view(buffers.shared(name), shape);
    }

    /** The layer's Java array {@code name}: float[] or double[] by precision. */
    Object host(int layer, String name) {
        return buffers.host(layer, name);
    }

    /** The network's input shape. */
    org.alexnetstudio.model.Shape inputShape() {
        return arrays.layers().get(0).input();
    }

    /** The running statistics of batch-norm layer {@code layer} (live; a load replaces their arrays). */
    RunningStatistics running(int layer) {
        return arrays.runningStatistics(layer);
    }
}
