package org.alexnetstudio.train.cpu;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training step's forward and backward without a graph executor: every layer's ops
 * ({@link LayerOps}) called directly on buffers allocated once for the largest batch (smaller batches
 * use views), the gradients kept by parameter variable for the update. One instance per shard of a
 * split batch ({@link DataParallel}); alone, it runs the whole batch.
 */
final class TrainingStep {

    /** Outcome of a forward and backward pass; {@code plan} holds the batch statistics (the whole batch's when sharded). */
    record Pass(double loss, int correct, TrainingPlan plan, int examples) {
    }

    private final NetworkArrays arrays;
    private final List<LayerOps> ops;
    private BufferPlan bufferPlan;
    private final int firstTrained;
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();
    private final Map<Integer, TrainingPlan> plans = new HashMap<>();
    /** Batch norm's exchange with the other shards, or null when this step runs alone. */
    private final ShardLink link;
    private final int shard;
    /** Explanations: test mode, backward from a given logits gradient down to the input (batch size 1). */
    private final boolean explain;
    /** Explanation plans by (first layer of the backward, captured layer). */
    private final Map<List<Integer>, TrainingPlan> explainPlans = new HashMap<>();
    private TrainingBuffers buffers;
    private Map<String, Long> profile;

    TrainingStep(NetworkArrays arrays, List<LayerOps> ops, BufferPlan bufferPlan, ShardLink link, int shard) {
        this(arrays, ops, bufferPlan, link, shard, false);
    }

    /** With {@code explain}: the step of {@link #explainPlan} (test mode, one image). */
    TrainingStep(NetworkArrays arrays, List<LayerOps> ops, BufferPlan bufferPlan, ShardLink link, int shard,
                 boolean explain) {
        this.explain = explain;
        this.arrays = arrays;
        this.ops = ops;
        this.bufferPlan = bufferPlan;
        this.link = link;
        this.shard = shard;
        this.firstTrained = LayerOpsFactory.firstTrained(arrays.analysis.layers());
    }

    /** Draws the dropout masks (one draw per layer, in layer order) and runs forward and backward. */
    Pass forwardBackward(float[] images, int[] labels, int n) {
        TrainingPlan plan = plan(n);
        plan.context.examples = n;
        plan.setLossWeight(1.0);
        for (TrainingContext.Mask m : plan.context.masks) {
            DropoutOps.fill(m.mask(), m.p());
        }
        return pass(plan, images, labels, 0, null);
    }

    /** This shard's plan for {@code size} of a batch of {@code total} examples (masks still to draw). */
    TrainingPlan shardPlan(int size, int total) {
        TrainingPlan plan = plan(size);
        plan.context.examples = total;
        plan.setLossWeight((double) size / total); // the shards' losses add up to the batch mean
        return plan;
    }

    /** One shard's forward and backward of examples first..first+plan.n−1, on the calling thread. */
    Pass shardPass(TrainingPlan plan, float[] images, int[] labels, int first) {
        return pass(plan, images, labels, first, link);
    }

    private Pass pass(TrainingPlan plan, float[] images, int[] labels, int first, ShardLink exchange) {
        plan.load(images, labels, first, plan.n);
        plan.context.exchange = exchange;
        run(plan.forward, "fwd");
        double loss = plan.loss.getDouble(0);
        int correct = plan.countCorrect(labels, first, plan.n);
        run(plan.backward, "bwd");
        return new Pass(loss, correct, plan, plan.context.examples);
    }

    private void run(List<Runnable> list, String phase) {
        if (profile == null) {
            for (Runnable r : list) {
                r.run();
            }
            return;
        }
        for (int k = 0; k < list.size(); k++) {
            long t0 = System.nanoTime();
            list.get(k).run();
            profile.merge(phase + " " + k, System.nanoTime() - t0, Long::sum);
        }
    }

    /** Starts timing every op of each pass (benchmarks); null stops. Keys "fwd k" / "bwd k" in run order. */
    void profile(Map<String, Long> nanosByOp) {
        this.profile = nanosByOp;
    }

    /** Gradients of the last pass by parameter variable (live buffers, overwritten by the next pass). */
    Map<String, INDArray> gradients() {
        return gradients;
    }

    /** The dropout mask the last pass of batch size n used for layer {@code layer} (tests). */
    INDArray mask(int n, int layer) {
        for (TrainingContext.Mask m : plan(n).context.masks) {
            if (m.layer() == layer) {
                return m.mask();
            }
        }
        return null;
    }

    /** Batch mean and biased variance of batch-norm layer {@code layer} in the last pass of size n (tests). */
    INDArray[] batchStatistics(int n, int layer) {
        for (TrainingContext.Norm bn : plan(n).context.norms) {
            if (bn.layer() == layer) {
                return new INDArray[]{bn.mean(), bn.var()};
            }
        }
        return null;
    }

    /** Bytes held by this step's buffers and gradients. */
    long bufferBytes() {
        long bytes = 0;
        for (INDArray g : gradients.values()) {
            bytes += g.length() * arrays.dtype.width();
        }
        return buffers == null ? bytes : bytes + buffers.bytes;
    }

    /**
     * The test-mode plan for one image that runs forward to layer {@code from} and backward from a
     * gradient of its output (the logits when it is the last layer) to the input, capturing layer
     * {@code capture}'s output and its gradient (−1: none). Explanations only.
     */
    TrainingPlan explainPlan(int from, int capture) {
        if (!explain) {
            throw new IllegalStateException("not an explanation step");
        }
        allocate(1);
        return explainPlans.computeIfAbsent(List.of(from, capture), key -> new TrainingPlan(
                new TrainingContext(1, shard, arrays, gradients, buffers, true), arrays.layers(), ops, bufferPlan,
                buffers, firstTrained, true, from, capture));
    }

    /** Frees every buffer now (the run ended); the next pass allocates them again. */
    /** Frees the buffers and plans the next ones with {@code plan} (e.g. without a conv path not chosen). */
    void replan(BufferPlan plan) {
        release();
        bufferPlan = plan;
    }

    void release() {
        plans.clear();
        explainPlans.clear();
        if (buffers != null) {
            buffers.close();
            buffers = null;
        }
        gradients.values().forEach(NdOps::release);
        gradients.clear();
    }

    private void allocate(int n) {
        if (gradients.isEmpty()) {
            for (CompiledLayer.Parameter p : arrays.parameters()) {
                gradients.put(p.variable(), Nd4j.create(arrays.dtype, p.shape()));
            }
        }
        if (buffers == null || n > buffers.batch) {
            plans.clear();
            explainPlans.clear();
            if (buffers != null) {
                buffers.close(); // the old set goes before the new one is allocated
            }
            buffers = new TrainingBuffers(bufferPlan, n, arrays.dtype);
        }
    }

    private TrainingPlan plan(int n) {
        allocate(n);
        TrainingPlan p = plans.get(n);
        if (p == null) {
            if (plans.size() >= 2) {
                plans.clear(); // full batch and one last batch at most; views are cheap to rebuild
            }
            TrainingContext context = new TrainingContext(n, shard, arrays, gradients, buffers, false);
            p = new TrainingPlan(context, arrays.layers(), ops, bufferPlan, buffers, firstTrained);
            plans.put(n, p);
        }
        return p;
    }
}
