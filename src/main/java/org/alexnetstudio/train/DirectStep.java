package org.alexnetstudio.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.Sigmoid;
import org.alexnetstudio.model.Tanh;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.AvgPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The training step of a {@link SameDiffNetwork} without SameDiff's executor: every layer's forward
 * and backward op is called directly (libnd4j's conv2d/conv2d_bp, pooling and their bp, batchnorm,
 * matmul, softmax cross-entropy and its gradient, elementwise ops), writing into arrays that are
 * allocated once for the largest batch and reused by every step.
 *
 * <p>Same semantics as the graph: the parameters are the graph's own arrays in PyTorch's layouts
 * (updated in place by {@link SgdOptimizer}), dropout masks come from the same RNG calls in the same
 * order, batch norm normalises with the batch statistics and its backward is {@code batchnorm_bp}'s
 * (the graph's statistics sit behind a stop_gradient, so nothing else flows through them), and the
 * running statistics move by the same rule. {@code DirectStepTest} holds both paths equal.
 *
 * <p>Layout: feature maps are channels-last, [n, H, W, C] ({@link #layout}). oneDNN's forward
 * convolutions then run without reordering activations, its pooling vectorises over channels, and
 * batch norm becomes GEMVs and one oneDNN pass over a [n·H·W, C] matrix (alexnet-mini's step: ~150 →
 * ~92 ms of ops, profiled). Images arrive in PyTorch's C, H, W order (the same when C = 1) and Flatten
 * copies the last maps back into it, so Linear layers, checkpoints and exports see PyTorch's order.
 *
 * <p>Memory: ReLU runs in place (its backward reads its output, which is positive exactly where its
 * input was), Flatten of features is a view, and all gradients with respect to activations share two
 * buffers of the largest activation's size, used alternately from the loss back to the first layer.
 *
 * <p>Test mode ({@link #logits}): the same layers forward only, batch norm with the running statistics
 * and dropout off, as the graph's {@code sd.output} with training = 0, on buffers of its own (two
 * activation buffers used alternately, for the largest test batch seen), so test passes leave no
 * garbage and need no {@code System.gc()}. {@code DirectStepTestModeTest} holds it equal to the graph.
 */
final class DirectStep {

    /** Values per chunk of the first conv's im2col columns (16 MiB of floats; not final: tests lower it). */
    static long im2colChunkValues = 1 << 22;

    /** {@code -Dalexnet.engine=samediff} trains through SameDiff's executor instead. */
    static final String ENGINE_PROPERTY = "alexnet.engine";

    private final SameDiffNetwork net;
    private final DataType dtype;
    private final List<CompiledLayer> layers;
    private final int classes;
    /** Index of the first layer with parameters: nothing before it needs a backward pass. */
    private final int firstTrained;
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();
    private Buffers buffers;
    private final Map<Integer, Plan> plans = new HashMap<>();
    private Map<String, Long> profile;
    private EvalBuffers evalBuffers;
    private final Map<Integer, EvalPlan> evalPlans = new HashMap<>();
    /** Batch norm's exchange with the other shards, or null when this step runs alone. */
    private final ShardLink link;
    private final int shard;
    /** On the primary step of a sharded network: the other shards; null otherwise. */
    private DataParallel dataParallel;

    private DirectStep(SameDiffNetwork net, ShardLink link, int shard) {
        this.net = net;
        this.link = link;
        this.shard = shard;
        this.dtype = net.dataType();
        this.layers = net.layers();
        this.classes = net.classes();
        int first = layers.size();
        for (CompiledLayer l : layers) {
            if (!l.parameters().isEmpty()) {
                first = l.index();
                break;
            }
        }
        firstTrained = first;
    }

    /**
     * The direct step for this network, splitting batches into {@code shards} (1: not split), or null when
     * a layer kind has no direct form (then SameDiff trains).
     */
    static DirectStep forNetwork(SameDiffNetwork net, int shards) {
        // CPU only: the step reads and writes its small per-channel arrays through host NIO views,
        // which a CUDA backend would not synchronise with the device (untested there: the graph trains).
        if (net.classes() == 0 || !Nd4j.getEnvironment().isCPU()) {
            return null;
        }
        for (CompiledLayer l : net.layers()) {
            if (!directKind(l.spec())) {
                return null;
            }
        }
        if (shards <= 1) {
            return new DirectStep(net, null, 0);
        }
        ShardLink link = new ShardLink(shards);
        DirectStep primary = new DirectStep(net, link, 0);
        DirectStep[] others = new DirectStep[shards - 1];
        for (int s = 1; s < shards; s++) {
            others[s - 1] = new DirectStep(net, link, s);
        }
        primary.dataParallel = new DataParallel(net, primary, others, link);
        return primary;
    }

    /** Shards the training step splits a batch into (1: not split). */
    int shards() {
        return dataParallel == null ? 1 : dataParallel.shards();
    }

    /** Whether training this network would run the direct step (before building it: memory estimates). */
    static boolean wouldTrain(org.alexnetstudio.model.NetworkAnalysis analysis) {
        if (!enabledByDefault() || !Nd4j.getEnvironment().isCPU() || !analysis.isValid()
                || analysis.output().map(Shape::isSpatial).orElse(true)) {
            return false;
        }
        return analysis.layers().stream().allMatch(r -> directKind(r.layer()));
    }

    /** Whether the engine property asks for the direct step (the default). */
    static boolean enabledByDefault() {
        return !"samediff".equalsIgnoreCase(System.getProperty(ENGINE_PROPERTY, "direct").trim());
    }

    /** Layers whose backward writes the input's gradient over the output's (elementwise, or a view). */
    private static boolean gradientInPlace(CompiledLayer l) {
        LayerSpec s = l.spec();
        return s instanceof ReLU || s instanceof Sigmoid || s instanceof Tanh || s instanceof Dropout
                || s instanceof Flatten && !l.input().isSpatial();
    }

    /** Layers whose forward output is their input's buffer (ReLU in place; Flatten of features a view). */
    private static boolean sharesInputBuffer(CompiledLayer l) {
        return l.spec() instanceof ReLU || l.spec() instanceof Flatten && !l.input().isSpatial();
    }

    private static boolean directKind(LayerSpec s) {
        return s instanceof Conv2d || s instanceof MaxPool2d || s instanceof AvgPool2d || s instanceof ReLU
                || s instanceof Sigmoid || s instanceof Tanh || s instanceof Flatten || s instanceof Linear
                || s instanceof Dropout || s instanceof BatchNorm2d;
        // LocalResponseNorm: not worth a direct form (no preset trains with it); the graph handles it.
    }

    /**
     * Outcome of a forward and backward pass over {@code examples} examples: gradients are in
     * {@link #gradients()}; {@code plan} holds the batch statistics (of the whole batch when sharded).
     */
    record Pass(double loss, int correct, Plan plan, int examples) {
    }

    /** Forward + backward + optimizer update + running statistics, as {@link SameDiffNetwork#trainStep}. */
    SameDiffNetwork.StepResult step(float[] images, int[] labels, int n, SgdOptimizer optimizer) {
        if (dataParallel != null && dataParallel.splits(n)) {
            return DataParallel.withSingleThreadedBlas(() -> dataParallel.step(images, labels, n, optimizer));
        }
        return update(forwardBackward(images, labels, n), n, optimizer);
    }

    private SameDiffNetwork.StepResult update(Pass pass, int n, SgdOptimizer optimizer) {
        if (Double.isFinite(pass.loss())) {
            optimizer.step(net, gradients);
            for (Plan.Norm bn : pass.plan().norms) {
                net.updateRunningStats(bn.layer, bn.mean, bn.var, bn.positions * pass.examples());
            }
        }
        return new SameDiffNetwork.StepResult(pass.loss(), pass.correct(), n);
    }

    /**
     * Draws the dropout masks (same RNG calls as the graph path), runs forward and backward: split
     * across the shards when this network is sharded and the batch is large enough.
     */
    Pass forwardBackward(float[] images, int[] labels, int n) {
        if (dataParallel != null && dataParallel.splits(n)) {
            return dataParallel.forwardBackward(images, labels, n);
        }
        Plan plan = plan(n);
        plan.examples = n;
        plan.setLossWeight(1.0);
        for (Plan.Mask m : plan.masks) {
            SameDiffNetwork.fillDropoutMask(m.mask, m.p);
        }
        return pass(plan, images, labels, 0, null);
    }

    /** This shard's plan for {@code size} of a batch of {@code total} examples (masks still to draw). */
    Plan shardPlan(int size, int total) {
        Plan plan = plan(size);
        plan.examples = total;
        plan.setLossWeight((double) size / total); // the shards' losses add up to the batch mean
        return plan;
    }

    /** One shard's forward and backward of examples first..first+plan.n−1, on the calling thread. */
    Pass shardPass(Plan plan, float[] images, int[] labels, int first) {
        return pass(plan, images, labels, first, link);
    }

    private Pass pass(Plan plan, float[] images, int[] labels, int first, ShardLink exchange) {
        plan.load(images, labels, first, plan.n);
        plan.exchange = exchange;
        run(plan.forward, "fwd");
        double loss = plan.loss.getDouble(0);
        int correct = plan.countCorrect(labels, first, plan.n);
        run(plan.backward, "bwd");
        return new Pass(loss, correct, plan, plan.examples);
    }

    private void run(List<Runnable> ops, String phase) {
        if (profile == null) {
            for (Runnable r : ops) {
                r.run();
            }
            return;
        }
        for (int k = 0; k < ops.size(); k++) {
            long t0 = System.nanoTime();
            ops.get(k).run();
            profile.merge(phase + " " + k, System.nanoTime() - t0, Long::sum);
        }
    }

    /** Starts timing every op of each pass (benchmarks); null stops. Keys "fwd k" / "bwd k" in run order. */
    void profile(Map<String, Long> nanosByOp) {
        this.profile = nanosByOp;
    }

    /** Gradients of the last pass by SameDiff variable name (live buffers, overwritten by the next pass). */
    Map<String, INDArray> gradients() {
        return gradients;
    }

    /** The dropout mask the last pass of batch size n used for layer {@code layer} (tests). */
    INDArray mask(int n, int layer) {
        for (Plan.Mask m : plan(n).masks) {
            if (m.layer == layer) {
                return m.mask;
            }
        }
        return null;
    }

    /** Batch mean and biased variance of batch-norm layer {@code layer} in the last pass of size n (tests). */
    INDArray[] batchStatistics(int n, int layer) {
        for (Plan.Norm bn : plan(n).norms) {
            if (bn.layer() == layer) {
                return new INDArray[]{bn.mean(), bn.var()};
            }
        }
        return null;
    }

    /** Bytes held by the step's own buffers (activations, gradients, masks), for reports. */
    long bufferBytes() {
        long bytes = 0;
        for (INDArray g : gradients.values()) {
            bytes += g.length() * dtype.width();
        }
        if (evalBuffers != null) {
            bytes += evalBuffers.bytes;
        }
        if (dataParallel != null) {
            bytes += dataParallel.otherBufferBytes();
        }
        return buffers == null ? bytes : bytes + buffers.bytes;
    }

    /** Frees every buffer now (the run ended); the next pass allocates them again. */
    void release() {
        if (dataParallel != null) {
            dataParallel.release();
        }
        plans.clear();
        if (buffers != null) {
            buffers.close();
            buffers = null;
        }
        gradients.values().forEach(SameDiffNetwork::release);
        gradients.clear();
        evalPlans.clear();
        if (evalBuffers != null) {
            evalBuffers.close();
            evalBuffers = null;
        }
    }

    private Plan plan(int n) {
        if (gradients.isEmpty()) {
            for (CompiledLayer.Parameter p : net.parameters()) {
                gradients.put(p.variable(), Nd4j.create(dtype, p.shape()));
            }
        }
        if (buffers == null || n > buffers.batch) {
            plans.clear();
            if (buffers != null) {
                buffers.close(); // the old set goes before the new one is allocated
            }
            buffers = new Buffers(n);
        }
        Plan p = plans.get(n);
        if (p == null || !p.parametersCurrent()) {
            if (plans.size() >= 2) {
                plans.clear(); // full batch and one last batch at most; views are cheap to rebuild
            }
            p = new Plan(n);
            plans.put(n, p);
        }
        return p;
    }

    // ------------------------------------------------------------ buffers for the largest batch

    /**
     * One allocation per buffer for batch size {@code batch}: activations (ReLU and Flatten share
     * their input's), two gradient buffers, masks, batch-norm statistics, the padded copies of padded
     * average pooling, labels and loss. Smaller batches use the leading part of each (views).
     */
    private final class Buffers {
        final int batch;
        final INDArray[] slots;       // distinct activation buffers
        final int[] slotOfActivation; // activation k (input of layer k; k = size: logits) → slot
        final INDArray[] gradPingPong = new INDArray[2];
        final Map<Integer, INDArray> masks = new HashMap<>();
        final Map<Integer, INDArray[]> norms = new HashMap<>(); // mean, var [C]
        final Map<Integer, INDArray> centred = new HashMap<>(); // x − mean, for batch norm's backward
        final INDArray ones;                        // [1, batch·H·W]: per-channel sums as one GEMV
        final int colsExamples;                     // examples per chunk of the first conv's im2col
        final INDArray cols;                        // [colsExamples·positions, C·kh·kw], or null
        final float[][] hostFloat = new float[2][]; // the first conv's input and columns on the host
        final double[][] hostDouble = new double[2][];
        final INDArray[] sums = new INDArray[2];    // per-channel sums, [1, C]
        final INDArray[] vectors = new INDArray[2]; // per-channel factors, [C]
        final Map<Integer, INDArray[]> padded = new HashMap<>(); // padded input, its gradient
        final INDArray labels;
        final INDArray logitsGrad;
        final INDArray labelsGrad;
        final INDArray lossWeights = Nd4j.scalar(dtype, 1.0);
        final INDArray weightsGrad = Nd4j.scalar(dtype, 0.0);
        final INDArray loss = Nd4j.scalar(dtype, 0.0);
        final long bytes;

        Buffers(int batch) {
            this.batch = batch;
            int count = layers.size() + 1;
            slotOfActivation = new int[count];
            List<INDArray> s = new ArrayList<>();
            s.add(Nd4j.create(dtype, layout(layers.get(0).input(), batch)));
            long total = 0;
            long maxPositions = 1;
            long maxChannels = 1;
            for (CompiledLayer l : layers) {
                int k = l.index();
                if (sharesInputBuffer(l)) {
                    slotOfActivation[k + 1] = slotOfActivation[k];
                } else {
                    slotOfActivation[k + 1] = s.size();
                    s.add(Nd4j.create(dtype, layout(l.output(), batch)));
                }
                if (l.spec() instanceof Dropout d && d.p() != 0) {
                    masks.put(k, Nd4j.create(dtype, withBatch(l.input(), batch)));
                    total += elements(l.input());
                }
                if (l.spec() instanceof BatchNorm2d) {
                    int c = l.input().channels();
                    norms.put(k, new INDArray[]{Nd4j.create(dtype, c), Nd4j.create(dtype, c)});
                    maxPositions = Math.max(maxPositions, (long) batch * l.input().height() * l.input().width());
                    maxChannels = Math.max(maxChannels, c);
                    centred.put(k, Nd4j.create(dtype, layout(l.input(), batch)));
                    total += elements(l.input());
                }
                if (l.spec() instanceof AvgPool2d p && (p.paddingH() > 0 || p.paddingW() > 0)) {
                    long[] shape = paddedShape(l.input(), p, batch);
                    padded.put(k, new INDArray[]{Nd4j.zeros(dtype, shape), Nd4j.create(dtype, shape)});
                    total += 2 * shape[1] * shape[2] * shape[3];
                }
            }
            slots = s.toArray(new INDArray[0]);
            // The two gradient buffers alternate from the loss backwards (in-place kinds keep theirs):
            // each is sized for what it will hold (AlexNet 224: 143 MB and 33 MB, not 2 × 143 MB).
            long[] sizes = {1, 1};
            int where = -1;
            for (int k = layers.size() - 1; k >= 0; k--) {
                if (!gradientInPlace(layers.get(k))) {
                    where = where == 0 ? 1 : 0;
                    sizes[where] = Math.max(sizes[where], elements(layers.get(k).input()));
                }
            }
            for (int k = 0; k < 2; k++) {
                gradPingPong[k] = Nd4j.create(dtype, batch * sizes[k]);
            }
            CompiledLayer first = firstTrained < layers.size() ? layers.get(firstTrained) : null;
            if (first != null && first.spec() instanceof Conv2d c) {
                long positions = (long) first.output().height() * first.output().width();
                long rowLength = (long) first.input().channels() * c.kernelH() * c.kernelW();
                colsExamples = (int) Math.max(1, Math.min(batch, im2colChunkValues / (positions * rowLength)));
                cols = Nd4j.create(dtype, colsExamples * positions, rowLength);
                maxPositions = Math.max(maxPositions, batch * positions);
                int inLength = Math.toIntExact(batch * first.input().elements());
                int colsLength = Math.toIntExact(colsExamples * positions * rowLength);
                if (dtype == DataType.FLOAT) {
                    hostFloat[0] = new float[inLength];
                    hostFloat[1] = new float[colsLength];
                } else {
                    hostDouble[0] = new double[inLength];
                    hostDouble[1] = new double[colsLength];
                }
                total += colsExamples * positions * rowLength * 2 / batch;
            } else {
                colsExamples = 0;
                cols = null;
            }
            ones = Nd4j.ones(dtype, 1, Math.max(maxPositions, batch));
            for (int k = 0; k < 2; k++) {
                sums[k] = Nd4j.create(dtype, 1, maxChannels);
            }
            for (int k = 0; k < 2; k++) {
                vectors[k] = Nd4j.create(dtype, maxChannels);
            }
            labels = Nd4j.create(dtype, batch, classes);
            logitsGrad = Nd4j.create(dtype, batch, classes);
            labelsGrad = Nd4j.create(dtype, batch, classes);
            for (INDArray a : slots) {
                total += a.length() / batch;
            }
            total += sizes[0] + sizes[1] + 3L * classes;
            bytes = total * batch * dtype.width();
        }

        /** Frees the native memory now instead of at some later GC. */
        void close() {
            List<INDArray> all = new ArrayList<>(List.of(slots));
            all.addAll(List.of(gradPingPong));
            all.add(ones);
            if (cols != null) {
                all.add(cols);
            }
            all.addAll(List.of(sums));
            all.addAll(List.of(vectors));
            all.addAll(masks.values());
            all.addAll(centred.values());
            norms.values().forEach(a -> all.addAll(List.of(a)));
            padded.values().forEach(a -> all.addAll(List.of(a)));
            all.addAll(List.of(labels, logitsGrad, labelsGrad, lossWeights, weightsGrad, loss));
            all.forEach(SameDiffNetwork::release);
        }
    }

    // ------------------------------------------------------------ the ops for one batch size

    /** Views of the buffers for batch size n and the ops that run on them, built once per size. */
    final class Plan {
        record Mask(int layer, double p, INDArray mask) {
        }

        /** {@code positions}: values per channel and example (H·W). */
        record Norm(int layer, INDArray mean, INDArray var, long positions) {
        }

        final int n;
        /** Examples in the whole batch this plan's n belong to (more than n when sharded). */
        int examples;
        /** Where batch norm exchanges its per-channel sums with the other shards; null: alone. */
        ShardLink exchange;
        private final double[] lossWeight = {1.0};
        final INDArray[] activations;
        final INDArray labels;
        final INDArray logits;
        final INDArray loss;
        final List<Mask> masks = new ArrayList<>();
        final List<Norm> norms = new ArrayList<>();
        final List<Runnable> forward = new ArrayList<>();
        final List<Runnable> backward = new ArrayList<>();
        final Map<String, INDArray> parameterArrays = new HashMap<>();

        Plan(int n) {
            this.n = n;
            this.examples = n;
            Buffers b = buffers;
            activations = new INDArray[layers.size() + 1];
            activations[0] = view(b.slots[0], layout(layers.get(0).input(), n));
            for (CompiledLayer l : layers) {
                activations[l.index() + 1] = view(b.slots[b.slotOfActivation[l.index() + 1]], layout(l.output(), n));
            }
            for (CompiledLayer.Parameter p : net.parameters()) {
                parameterArrays.put(p.variable(), net.array(p.variable()));
            }
            logits = activations[layers.size()];
            labels = view(b.labels, new long[]{n, classes});
            loss = b.loss;
            INDArray logitsGrad = view(b.logitsGrad, new long[]{n, classes});
            forward.add(op(op("softmax_cross_entropy_loss", ins(logits, b.lossWeights, labels), ins(loss), 3)
                    .addFloatingPointArguments(0.0)));
            backward.add(op(op("softmax_cross_entropy_loss_grad", ins(logits, b.lossWeights, labels),
                    ins(logitsGrad, b.weightsGrad, view(b.labelsGrad, new long[]{n, classes})), 3)
                    .addFloatingPointArguments(0.0)));
            List<Runnable> layerForward = new ArrayList<>();
            // Backward from the logits: g lives in the loss buffer first, then alternates between the
            // two gradient buffers (in-place kinds keep it where it is).
            INDArray g = logitsGrad;
            int where = -1;
            for (int k = layers.size() - 1; k >= 0; k--) {
                CompiledLayer l = layers.get(k);
                boolean needsBackward = k >= firstTrained;
                int other = where == 0 ? 1 : 0;
                INDArray gradIn = view(b.gradPingPong[other], layout(l.input(), n));
                Step s = layer(l, activations[k], activations[k + 1], g, gradIn, where);
                if (s.inPlaceGradient != gradientInPlace(l)) {
                    throw new IllegalStateException("gradient buffer plan disagrees for " + l.spec().kind());
                }
                layerForward.add(0, s.forward);
                if (needsBackward && s.backward != null) {
                    backward.add(s.backward);
                }
                if (s.inPlaceGradient) {
                    g = s.gradInPlace;
                } else {
                    g = gradIn;
                    where = other;
                }
            }
            forward.addAll(0, layerForward);
        }

        /** The forward and backward of one layer; the backward writes gradIn, or g itself when in place. */
        private record Step(Runnable forward, Runnable backward, boolean inPlaceGradient, INDArray gradInPlace) {
        }

        private Step layer(CompiledLayer l, INDArray x, INDArray y, INDArray g, INDArray gradIn, int where) {
            LayerSpec spec = l.spec();
            int k = l.index();
            if (spec instanceof Conv2d c) {
                INDArray w = parameterArrays.get(l.parameters().get(0).variable());
                INDArray bias = parameterArrays.get(l.parameters().get(1).variable());
                INDArray dw = gradients.get(l.parameters().get(0).variable());
                INDArray db = gradients.get(l.parameters().get(1).variable());
                // Weights stay in PyTorch's OIYX (wFormat 1): conv2d and conv2d_bp honour it when called
                // directly (only SameDiff's derivative op loses the format), so no permute per step.
                int[] args = convArgs(c);
                Runnable f = prepared(op("conv2d", ins(x, w, bias), ins(y), args).build());
                if (k == firstTrained) {
                    return new Step(f, weightsOnly(l, c, x, g, dw, db), false, null);
                }
                Runnable bp = prepared(op("conv2d_bp", ins(x, w, bias, g), ins(gradIn, dw, db), args).build());
                return new Step(f, bp, false, null);
            }
            if (spec instanceof MaxPool2d p) {
                MaxPooling2D f = new MaxPooling2D(x, y, pool(p.kernelH(), p.kernelW(), p.strideH(),
                        p.strideW(), p.paddingH(), p.paddingW(), Pooling2D.Pooling2DType.MAX));
                Runnable bp = prepared(op("maxpool2d_bp", ins(x, g), ins(gradIn), toInts(f.iArgs())).build());
                return new Step(prepared(f), bp, false, null);
            }
            if (spec instanceof AvgPool2d p) {
                INDArray[] pad = buffers.padded.get(k);
                INDArray in = x;
                INDArray inGrad = gradIn;
                INDArray interior = null;
                INDArray interiorGrad = null;
                if (pad != null) {
                    // PyTorch's count_include_pad=True: pool a zero-bordered copy without padding, as the
                    // graph does (M2.1's avgpool2d_bp ignores the include-padding divisor).
                    long[] shape = paddedShape(l.input(), p, n);
                    in = view(pad[0], shape);
                    inGrad = view(pad[1], shape);
                    interior = interior(in, p, x);
                    interiorGrad = interior(inGrad, p, x);
                }
                AvgPooling2D f = new AvgPooling2D(in, y, pool(p.kernelH(), p.kernelW(), p.strideH(),
                        p.strideW(), 0, 0, Pooling2D.Pooling2DType.AVG));
                Runnable bp = prepared(op("avgpool2d_bp", ins(in, g), ins(inGrad), toInts(f.iArgs())).build());
                INDArray copyIn = interior;
                INDArray copyOut = interiorGrad;
                Runnable pooling = prepared(f);
                Runnable forward = copyIn == null ? pooling : () -> {
                    copyIn.assign(x);
                    pooling.run();
                };
                Runnable back = copyOut == null ? bp : () -> {
                    bp.run();
                    gradIn.assign(copyOut);
                };
                return new Step(forward, back, false, null);
            }
            if (spec instanceof ReLU) {
                // In place: y is x's buffer. The backward reads the output, positive exactly where the input
                // was: g ← g·step(y). y is read by no one after this layer's backward (the layers after it
                // have run theirs; the one before reads its own input), so step(y) overwrites y: two
                // fast passes, 1.2–1.5 ms on alexnet-mini's largest ReLU against 2.3–4.5 ms for one
                // compare-and-set and 3.0–3.6 ms for relu_bp.
                Runnable f = prepared(op("relu", ins(x), ins(y), new int[0]).addFloatingPointArguments(0.0).build());
                org.nd4j.linalg.api.ops.impl.scalar.Step positive = new org.nd4j.linalg.api.ops.impl.scalar.Step(y, y, 0.0);
                Runnable mask = prepared(op("multiply", ins(g, y), ins(g), new int[0]).build());
                return new Step(f, () -> {
                    Nd4j.exec(positive);
                    mask.run();
                }, true, g);
            }
            if (spec instanceof Sigmoid || spec instanceof Tanh) {
                String name = spec instanceof Sigmoid ? "sigmoid" : "tanh";
                Runnable f = prepared(op(name, ins(x), ins(y), new int[0]).build());
                Runnable bp = prepared(op(name + "_bp", ins(x, g), ins(g), new int[0]).build()); // elementwise: in place
                return new Step(f, bp, true, g);
            }
            if (spec instanceof Flatten) {
                if (!l.input().isSpatial()) {
                    return new Step(() -> { }, null, true, g.reshape('c', x.shape())); // a view
                }
                // Channels-last [n, H, W, C] to PyTorch's C, H, W order (what Linear's weights expect,
                // in checkpoints and exports): one small copy each way at the end of the feature maps.
                INDArray chw = y.reshape('c', n, l.input().channels(), l.input().height(), l.input().width());
                INDArray xAsChw = x.permute(0, 3, 1, 2);
                INDArray gAsChw = g.reshape('c', chw.shape());
                INDArray gradInAsChw = gradIn.permute(0, 3, 1, 2);
                return new Step(() -> chw.assign(xAsChw), () -> gradInAsChw.assign(gAsChw), false, null);
            }
            if (spec instanceof Linear) {
                INDArray w = parameterArrays.get(l.parameters().get(0).variable());
                INDArray bias = parameterArrays.get(l.parameters().get(1).variable());
                INDArray dw = gradients.get(l.parameters().get(0).variable());
                INDArray db = gradients.get(l.parameters().get(1).variable());
                // y = x·Wᵀ + b (PyTorch's [out, in]); dW = gᵀ·x; db = Σ g; dx = g·W
                Runnable f = prepared(op("matmul", ins(x, w), ins(y), 0, 1, 0).addFloatingPointArguments(1.0, 0.0).build());
                Runnable dW = prepared(op("matmul", ins(g, x), ins(dw), 1, 0, 0).addFloatingPointArguments(1.0, 0.0).build());
                Runnable dx = prepared(op("matmul", ins(g, w), ins(gradIn), 0, 0, 0).addFloatingPointArguments(1.0, 0.0).build());
                Runnable addBias = op(op("add", ins(y, bias), ins(y), new int[0]));
                Runnable dB = prepared(gemv(view(buffers.ones, new long[]{1, n}), g, db.reshape(1, db.length())));
                boolean first = k == firstTrained;
                return new Step(() -> {
                    f.run();
                    addBias.run();
                }, () -> {
                    dW.run();
                    dB.run();
                    if (!first) {
                        dx.run();
                    }
                }, false, null);
            }
            if (spec instanceof Dropout d) {
                if (d.p() == 0) {
                    return new Step(() -> y.assign(x), null, true, g);
                }
                INDArray mask = view(buffers.masks.get(k), withBatch(l.input(), n));
                masks.add(0, new Mask(k, d.p(), mask)); // built last layer first; drawn in layer order
                // The mask is drawn in the graph's [n, C, H, W] order (same RNG values per element); on
                // feature maps it is applied through a channels-last view of itself.
                INDArray m = l.input().isSpatial() ? mask.permute(0, 2, 3, 1) : mask;
                Runnable f = prepared(op("multiply", ins(x, m), ins(y), new int[0]).build());
                Runnable bp = prepared(op("multiply", ins(g, m), ins(g), new int[0]).build());
                return new Step(f, bp, true, g);
            }
            if (spec instanceof BatchNorm2d bn) {
                return batchNorm(l, bn, x, y, g, gradIn);
            }
            throw new IllegalStateException("no direct form for " + spec.kind());
        }

        /**
         * The backward of the first trained conv without the gradient of its input, which nothing reads
         * (conv2d_bp has no weights-only form, and for a 1-channel image its input gradient was the
         * costliest part: conv2d_bp 4.4 ms against 2.2 ms here for alexnet-mini's first conv, 67 ms
         * against 10–16 ms for AlexNet's at 68, microbenchmarks). dW = Gᵀ·cols with the im2col columns
         * gathered on the host in chunks of examples (bounded memory; each chunk's GEMM accumulates),
         * db = Σ g as a GEMV.
         */
        private Runnable weightsOnly(CompiledLayer l, Conv2d c, INDArray x, INDArray g, INDArray dw, INDArray db) {
            Shape in = l.input();
            Shape out = l.output();
            long positions = (long) out.height() * out.width();
            int rowLength = in.channels() * c.kernelH() * c.kernelW();
            int[] table = im2colTable(in, out, c);
            int inLength = Math.toIntExact(in.elements());
            INDArray g2 = g.reshape('c', n * positions, out.channels());
            INDArray dw2 = dw.reshape('c', dw.size(0), rowLength);
            int perChunk = buffers.colsExamples;
            List<Runnable> chunks = new ArrayList<>();
            for (int start = 0; start < n; start += perChunk) {
                int count = Math.min(perChunk, n - start);
                INDArray cols = view(buffers.cols, new long[]{count * positions, rowLength});
                INDArray gChunk = g2.get(NDArrayIndex.interval(start * positions, (start + count) * positions),
                        NDArrayIndex.all());
                Runnable gemm = prepared(op("matmul", ins(gChunk, cols), ins(dw2), 1, 0, 0)
                        .addFloatingPointArguments(1.0, start == 0 ? 0.0 : 1.0).build()); // accumulates
                int first = start;
                chunks.add(() -> {
                    gatherColumns(table, inLength, first, count, cols);
                    gemm.run();
                });
            }
            Runnable dB = prepared(gemv(view(buffers.ones, new long[]{1, n * positions}), g2,
                    db.reshape(1, db.length())));
            return () -> {
                // the input once onto the host, then the columns chunk by chunk
                if (dtype == DataType.FLOAT) {
                    x.data().asNioFloat().get(0, buffers.hostFloat[0], 0, n * inLength);
                } else {
                    x.data().asNioDouble().get(0, buffers.hostDouble[0], 0, n * inLength);
                }
                for (Runnable chunk : chunks) {
                    chunk.run();
                }
                dB.run();
            };
        }

        /** im2col of examples first..first+count−1 from the host copy of the input into cols. */
        private void gatherColumns(int[] table, int inLength, int first, int count, INDArray cols) {
            int per = table.length;
            if (dtype == DataType.FLOAT) {
                float[] src = buffers.hostFloat[0];
                float[] dst = buffers.hostFloat[1];
                for (int e = 0; e < count; e++) {
                    int base = (first + e) * inLength;
                    int at = e * per;
                    for (int i = 0; i < per; i++) {
                        int from = table[i];
                        dst[at + i] = from < 0 ? 0f : src[base + from];
                    }
                }
                cols.data().asNioFloat().put(0, dst, 0, count * per);
            } else {
                double[] src = buffers.hostDouble[0];
                double[] dst = buffers.hostDouble[1];
                for (int e = 0; e < count; e++) {
                    int base = (first + e) * inLength;
                    int at = e * per;
                    for (int i = 0; i < per; i++) {
                        int from = table[i];
                        dst[at + i] = from < 0 ? 0.0 : src[base + from];
                    }
                }
                cols.data().asNioDouble().put(0, dst, 0, count * per);
            }
        }

        /**
         * Batch norm with the batch statistics, as PyTorch trains it, on the channels-last activations
         * viewed as a matrix [M, C] (M = n·H·W positions): per-channel sums are one GEMV each (a ones
         * row times the matrix), per-channel factors are [C] vectors that libnd4j's ops broadcast along
         * the rows, and the affine parts run as libnd4j's batchnorm op (oneDNN, one pass). The centred
         * input xc = x − mean is kept in a buffer of its own for the backward:
         * dγ = Σ g·x̂, dβ = Σ g, dx = k·(g − Σg/M) − (k/(M·(var+eps)))·Σ(g·xc)·xc with k = γ/√(var+eps):
         * batchnorm_bp's gradient (batch statistics included). Totals are combined in double here.
         */
        private Step batchNorm(CompiledLayer l, BatchNorm2d bn, INDArray x, INDArray y, INDArray g, INDArray gradIn) {
            int k = l.index();
            int c = l.input().channels();
            long hw = (long) l.input().height() * l.input().width();
            long positions = n * hw;
            INDArray gamma = parameterArrays.get(l.parameters().get(0).variable());
            INDArray beta = parameterArrays.get(l.parameters().get(1).variable());
            INDArray dGamma = gradients.get(l.parameters().get(0).variable());
            INDArray dBeta = gradients.get(l.parameters().get(1).variable());
            INDArray[] st = buffers.norms.get(k);
            norms.add(0, new Norm(k, st[0], st[1], hw));
            int site = 3 * k; // this layer's three exchanges with the other shards: Σx, Σxc², Σg and Σg·xc
            long[] matrix = {positions, c};
            INDArray x2 = x.reshape('c', matrix);
            INDArray xc = view(buffers.centred.get(k), matrix);
            INDArray y2 = y.reshape('c', matrix);
            INDArray g2 = g.reshape('c', matrix);
            INDArray dx2 = gradIn.reshape('c', matrix);
            INDArray ones = view(buffers.ones, new long[]{1, positions});
            INDArray sumA = view(buffers.sums[0], new long[]{1, c});
            INDArray sumB = view(buffers.sums[1], new long[]{1, c});
            INDArray v0 = view(buffers.vectors[0], new long[]{c});
            INDArray v1 = view(buffers.vectors[1], new long[]{c});
            double eps = bn.eps();
            double[] mean = new double[c];
            double[] std = new double[c];
            double[] gam = new double[c];
            double[] tmp = new double[c];
            double[] runMean = new double[c];
            double[] runVar = new double[c];
            Runnable sumX = prepared(gemv(ones, x2, sumA));
            Runnable centre = prepared(op("add", ins(x2, v0), ins(xc), new int[0]).build());
            Runnable square = prepared(op("multiply", ins(xc, xc), ins(y2), new int[0]).build());
            Runnable sumSquares = prepared(gemv(ones, y2, sumA));
            // y = (x − mean)·γ/√(var+eps) + β over the channel axis. On the 4-d maps (axis 3) libnd4j
            // runs oneDNN's batch norm, 0.6–0.9 ms on alexnet-mini's largest; on the [M, C] view its
            // generic loop, 11 ms.
            Runnable normalise = prepared(op("batchnorm", ins(x, st[0], st[1], gamma, beta), ins(y), 1, 1, 3)
                    .addFloatingPointArguments(eps).build());
            Runnable sumGrad = prepared(gemv(ones, g2, sumA));
            Runnable gradTimesXc = prepared(op("multiply", ins(g2, xc), ins(dx2), new int[0]).build());
            Runnable sumGradXc = prepared(gemv(ones, dx2, sumB));
            // dx = (g − Σg/M)·γ/√(var+eps): the batchnorm op with Σg/M as the mean and no shift
            Runnable gradPart = prepared(op("batchnorm", ins(g, v0, st[1], gamma), ins(gradIn), 1, 0, 3)
                    .addFloatingPointArguments(eps).build());
            Runnable xcPart = prepared(op("multiply", ins(xc, v1), ins(g2), new int[0]).build()); // g is not read afterwards
            Runnable addXcPart = prepared(op("add", ins(dx2, g2), ins(dx2), new int[0]).build());
            Runnable forward = () -> {
                long count = examples * hw; // the whole batch's, also when this is one shard of it
                sumX.run();
                readRow(sumA, c, mean);
                if (exchange != null) {
                    exchange.allReduce(site, shard, c, mean);
                }
                INDArray[] running = net.runningStatistics(k);
                readRow(running[0], c, runMean);
                readRow(running[1], c, runVar);
                for (int ch = 0; ch < c; ch++) {
                    mean[ch] = overflowed(mean[ch]) / count;
                    // The graph feeds training·batch + (1 − training)·running statistics: a running
                    // statistic that is no longer finite (a diverging run) makes the step NaN there, so
                    // here too: both engines stop such a run the same way.
                    if (!Double.isFinite(runMean[ch]) || !Double.isFinite(runVar[ch])) {
                        mean[ch] = Double.NaN;
                    }
                    tmp[ch] = -mean[ch];
                }
                writeVector(v0, c, tmp);
                centre.run();                          // xc = x − mean
                square.run();                          // y ← xc² (scratch)
                sumSquares.run();
                readRow(sumA, c, tmp);
                if (exchange != null) {
                    exchange.allReduce(site + 1, shard, c, tmp);
                }
                readRow(gamma, c, gam);
                for (int ch = 0; ch < c; ch++) {
                    double var = overflowed(tmp[ch]) / count; // biased, as PyTorch normalises
                    std[ch] = Math.sqrt(var + eps);
                    tmp[ch] = var;
                }
                writeVector(st[0], c, mean);
                writeVector(st[1], c, tmp);
                normalise.run();
            };
            double[] sumG = new double[c];
            double[] sumGx = new double[c];
            Runnable backward = () -> {
                long count = examples * hw;
                sumGrad.run();
                gradTimesXc.run();
                sumGradXc.run();
                readRow(sumA, c, sumG);
                readRow(sumB, c, sumGx);
                // dβ and dγ of this shard's examples: the shards' parameter gradients are added later
                writeVector(dBeta, c, sumG);
                for (int ch = 0; ch < c; ch++) {
                    tmp[ch] = sumGx[ch] / std[ch];
                }
                writeVector(dGamma, c, tmp);
                if (exchange != null) {
                    exchange.allReduce(site + 2, shard, c, sumG, sumGx); // dx needs the whole batch's
                }
                for (int ch = 0; ch < c; ch++) {
                    tmp[ch] = sumG[ch] / count;
                }
                writeVector(v0, c, tmp);
                for (int ch = 0; ch < c; ch++) {
                    tmp[ch] = -gam[ch] / (std[ch] * std[ch] * std[ch]) * sumGx[ch] / count;
                }
                writeVector(v1, c, tmp);
                gradPart.run();                        // dx = k·(g − Σg/M)
                xcPart.run();                          // g ← −(k/(M·(var+eps)))·Σ(g·xc)·xc
                addXcPart.run();                       // dx += g
            };
            return new Step(forward, backward, false, null);
        }

        /**
         * A channel total as the graph's float sums have it: beyond float's range it is infinite. Summed
         * in double here it would stay finite, and exploding weights would train on instead of turning
         * the loss NaN (an infinite mean) or the output into β (an infinite variance), as in the graph.
         */
        private double overflowed(double total) {
            return dtype == DataType.FLOAT && Math.abs(total) > Float.MAX_VALUE
                    ? Math.copySign(Double.POSITIVE_INFINITY, total) : total;
        }

        /** Whether the graph still holds the parameter arrays these ops were built on. */
        boolean parametersCurrent() {
            for (Map.Entry<String, INDArray> e : parameterArrays.entrySet()) {
                if (net.array(e.getKey()) != e.getValue()) {
                    return false;
                }
            }
            return true;
        }

        /** Scales the loss (and so its gradient): this plan's share of a batch split into shards. */
        void setLossWeight(double weight) {
            lossWeight[0] = weight;
            writeVector(buffers.lossWeights, 1, lossWeight); // shared by the plans: written every pass
        }

        /** Images and one-hot labels of examples first..first+count−1 into the input and label buffers. */
        void load(float[] images, int[] labelIndex, int first, int count) {
            loadImages(activations[0], images, first, count);
            // One-hot rows through the host buffer (one native call per putScalar otherwise).
            double[] row = new double[classes];
            for (int k = 0; k < n; k++) {
                java.util.Arrays.fill(row, 0);
                if (k < count) {
                    int label = labelIndex[first + k];
                    if (label < 0 || label >= classes) {
                        throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
                    }
                    row[label] = 1;
                }
                writeRow(labels, k * classes, row);
            }
        }

        int countCorrect(int[] labelIndex, int first, int count) {
            java.util.function.IntToDoubleFunction logit = dtype == DataType.FLOAT
                    ? logits.data().asNioFloat()::get : logits.data().asNioDouble()::get;
            int correct = 0;
            for (int k = 0; k < count; k++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (logit.applyAsDouble(k * classes + c) > logit.applyAsDouble(k * classes + best)) {
                        best = c;
                    }
                }
                correct += best == labelIndex[first + k] ? 1 : 0;
            }
            return correct;
        }
    }

    // ------------------------------------------------------------ test mode

    /**
     * Test-mode logits for n images as the graph's {@code sd.output} gives them (batch norm with the
     * running statistics, dropout off), computed on this step's own test buffers: no native allocation
     * per call, nothing left to the garbage collector.
     */
    float[][] logits(float[] images, int n) {
        // Not split across shards (DataParallel): test-mode forward ops use both cores well on their
        // own (the 10,000-image test pass took 1.56–1.82 s split, 1.27–1.45 s not, alternating).
        INDArray out = testForward(images, n);
        float[][] result = new float[n][classes];
        if (dtype == DataType.FLOAT) {
            FloatBuffer b = out.data().asNioFloat();
            for (int k = 0; k < n; k++) {
                b.get(k * classes, result[k]);
            }
        } else {
            DoubleBuffer b = out.data().asNioDouble();
            for (int k = 0; k < n; k++) {
                for (int c = 0; c < classes; c++) {
                    result[k][c] = (float) b.get(k * classes + c);
                }
            }
        }
        return result;
    }

    /** Runs the test-mode forward; the logits [n, classes] are a live view, overwritten by the next call. */
    INDArray testForward(float[] images, int n) {
        EvalPlan p = evalPlan(n);
        p.load(images);
        for (Runnable r : p.forward) {
            r.run();
        }
        return p.logits;
    }

    private EvalPlan evalPlan(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("batch size " + n);
        }
        if (evalBuffers == null || n > evalBuffers.batch) {
            evalPlans.clear();
            if (evalBuffers != null) {
                evalBuffers.close();
            }
            evalBuffers = new EvalBuffers(n);
        }
        EvalPlan p = evalPlans.get(n);
        if (p == null || !parametersCurrent(p.parameterArrays)) {
            if (evalPlans.size() >= 2) {
                evalPlans.clear(); // full test batch and one last batch at most
            }
            p = new EvalPlan(n);
            evalPlans.put(n, p);
        }
        return p;
    }

    private boolean parametersCurrent(Map<String, INDArray> arrays) {
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            if (net.array(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Layers that the test forward runs in place (elementwise per value, or a view). */
    private static boolean testInPlace(CompiledLayer l) {
        LayerSpec s = l.spec();
        return s instanceof ReLU || s instanceof Dropout || s instanceof BatchNorm2d
                || s instanceof Flatten && !l.input().isSpatial();
    }

    /**
     * Test-mode buffers for batch size {@code batch}: two activation buffers used alternately (nothing
     * is kept for a backward pass) and the zero-bordered copies of padded average pooling. Smaller
     * batches use views.
     */
    private final class EvalBuffers {
        final int batch;
        final INDArray[] pingPong = new INDArray[2];
        final Map<Integer, INDArray> padded = new HashMap<>();
        final long bytes;

        EvalBuffers(int batch) {
            this.batch = batch;
            long[] sizes = {elements(layers.get(0).input()), 1};
            int where = 0;
            long total = 0;
            for (CompiledLayer l : layers) {
                if (!testInPlace(l)) {
                    where = 1 - where;
                    sizes[where] = Math.max(sizes[where], elements(l.output()));
                }
                if (l.spec() instanceof AvgPool2d p && (p.paddingH() > 0 || p.paddingW() > 0)) {
                    long[] shape = paddedShape(l.input(), p, batch);
                    padded.put(l.index(), Nd4j.zeros(dtype, shape)); // the border stays zero
                    total += shape[0] * shape[1] * shape[2] * shape[3];
                }
            }
            for (int k = 0; k < 2; k++) {
                pingPong[k] = Nd4j.create(dtype, batch * sizes[k]);
                total += batch * sizes[k];
            }
            bytes = total * dtype.width();
        }

        void close() {
            List<INDArray> all = new ArrayList<>(List.of(pingPong));
            all.addAll(padded.values());
            all.forEach(SameDiffNetwork::release);
        }
    }

    /** Views of the test buffers for batch size n and the forward ops on them. */
    private final class EvalPlan {
        final int n;
        final INDArray input;
        final INDArray logits;
        final List<Runnable> forward = new ArrayList<>();
        final Map<String, INDArray> parameterArrays = new HashMap<>();

        EvalPlan(int n) {
            this.n = n;
            EvalBuffers b = evalBuffers;
            for (CompiledLayer.Parameter p : net.parameters()) {
                parameterArrays.put(p.variable(), net.array(p.variable()));
            }
            int where = 0;
            INDArray x = view(b.pingPong[0], layout(layers.get(0).input(), n));
            input = x;
            for (CompiledLayer l : layers) {
                if (!testInPlace(l)) {
                    where = 1 - where;
                }
                INDArray y = view(b.pingPong[where], layout(l.output(), n));
                Runnable f = layer(l, x, y);
                if (f != null) {
                    forward.add(f);
                }
                x = y;
            }
            logits = x;
        }

        /** The test-mode forward of one layer from x into y (y is x's buffer for the in-place kinds). */
        private Runnable layer(CompiledLayer l, INDArray x, INDArray y) {
            LayerSpec spec = l.spec();
            if (spec instanceof Conv2d c) {
                INDArray w = parameterArrays.get(l.parameters().get(0).variable());
                INDArray bias = parameterArrays.get(l.parameters().get(1).variable());
                return op(op("conv2d", ins(x, w, bias), ins(y), convArgs(c)));
            }
            if (spec instanceof MaxPool2d p) {
                return prepared(new MaxPooling2D(x, y, pool(p.kernelH(), p.kernelW(), p.strideH(),
                        p.strideW(), p.paddingH(), p.paddingW(), Pooling2D.Pooling2DType.MAX)));
            }
            if (spec instanceof AvgPool2d p) {
                INDArray pad = evalBuffers.padded.get(l.index());
                if (pad == null) {
                    return prepared(new AvgPooling2D(x, y, pool(p.kernelH(), p.kernelW(),
                            p.strideH(), p.strideW(), 0, 0, Pooling2D.Pooling2DType.AVG)));
                }
                // count_include_pad=True, as in training: pool a zero-bordered copy without padding.
                INDArray in = view(pad, paddedShape(l.input(), p, n));
                INDArray inner = interior(in, p, x);
                Runnable pooling = prepared(new AvgPooling2D(in, y, pool(p.kernelH(), p.kernelW(), p.strideH(),
                        p.strideW(), 0, 0, Pooling2D.Pooling2DType.AVG)));
                return () -> {
                    inner.assign(x);
                    pooling.run();
                };
            }
            if (spec instanceof ReLU) {
                return op(op("relu", ins(x), ins(y), new int[0]).addFloatingPointArguments(0.0));
            }
            if (spec instanceof Sigmoid || spec instanceof Tanh) {
                return op(op(spec instanceof Sigmoid ? "sigmoid" : "tanh", ins(x), ins(y), new int[0]));
            }
            if (spec instanceof Flatten) {
                if (!l.input().isSpatial()) {
                    return null; // a view of x's buffer
                }
                INDArray chw = y.reshape('c', n, l.input().channels(), l.input().height(), l.input().width());
                INDArray xAsChw = x.permute(0, 3, 1, 2);
                return () -> chw.assign(xAsChw); // channels-last to PyTorch's C, H, W order
            }
            if (spec instanceof Dropout) {
                return null; // the identity in test mode
            }
            if (spec instanceof Linear) {
                INDArray w = parameterArrays.get(l.parameters().get(0).variable());
                INDArray bias = parameterArrays.get(l.parameters().get(1).variable());
                Runnable f = prepared(op("matmul", ins(x, w), ins(y), 0, 1, 0).addFloatingPointArguments(1.0, 0.0).build());
                Runnable addBias = op(op("add", ins(y, bias), ins(y), new int[0]));
                return () -> {
                    f.run();
                    addBias.run();
                };
            }
            if (spec instanceof BatchNorm2d bn) {
                return batchNorm(l, bn, x);
            }
            throw new IllegalStateException("no direct form for " + spec.kind());
        }

        /**
         * y = (x − running mean)·γ/√(running var + eps) + β in place, as one batchnorm op over the last
         * axis of the channels-last maps. The running statistics are the live arrays, looked up at every
         * call (a load replaces them).
         */
        private Runnable batchNorm(CompiledLayer l, BatchNorm2d bn, INDArray x) {
            int k = l.index();
            INDArray gamma = parameterArrays.get(l.parameters().get(0).variable());
            INDArray beta = parameterArrays.get(l.parameters().get(1).variable());
            double eps = bn.eps();
            INDArray[][] built = new INDArray[1][];
            Runnable[] normalise = new Runnable[1];
            return () -> {
                INDArray[] running = net.runningStatistics(k);
                if (built[0] == null || built[0][0] != running[0] || built[0][1] != running[1]) {
                    normalise[0] = op(op("batchnorm", ins(x, running[0], running[1], gamma, beta), ins(x), 1, 1, 3)
                            .addFloatingPointArguments(eps));
                    built[0] = running;
                }
                normalise[0].run();
            };
        }

        void load(float[] images) {
            loadImages(input, images, 0, n);
        }
    }

    /**
     * Images first..first+n−1 (C×H×W values each, PyTorch's order) into the channels-last input
     * buffer; a short array is zero-padded, as the graph's input. With one channel both orders are the same.
     */
    private void loadImages(INDArray input, float[] images, int first, int n) {
        Shape in = layers.get(0).input();
        long len = (long) n * in.elements();
        int base = Math.toIntExact(first * in.elements());
        int given = (int) Math.max(0, Math.min(len, images.length - (long) base));
        int c = in.isSpatial() ? in.channels() : 1;
        int hw = (int) (in.elements() / c);
        java.util.function.IntUnaryOperator source = c == 1 ? k -> k : k -> {
            int example = k / (hw * c);
            int rest = k % (hw * c);
            return example * hw * c + (rest % c) * hw + rest / c; // NHWC index k ← NCHW index
        };
        if (dtype == DataType.FLOAT) {
            FloatBuffer buf = input.data().asNioFloat();
            if (c == 1) {
                buf.put(0, images, base, given);
                for (int k = given; k < len; k++) {
                    buf.put(k, 0f);
                }
                return;
            }
            for (int k = 0; k < len; k++) {
                int from = source.applyAsInt(k);
                buf.put(k, from < given ? images[base + from] : 0f);
            }
        } else {
            DoubleBuffer buf = input.data().asNioDouble();
            for (int k = 0; k < len; k++) {
                int from = source.applyAsInt(k);
                buf.put(k, from < given ? images[base + from] : 0.0);
            }
        }
    }

    // ------------------------------------------------------------ helpers

    /**
     * The step's layout of an activation: feature maps channels-last [n, H, W, C], which oneDNN's
     * convolutions and pooling run on without reordering (and batch norm sees as a [n·H·W, C] matrix);
     * features [n, F]. Parameters keep PyTorch's layouts; Flatten turns maps back into C, H, W order.
     */
    private static long[] layout(Shape s, int n) {
        return s.isSpatial() ? new long[]{n, s.height(), s.width(), s.channels()} : withBatch(s, n);
    }

    /** conv2d / conv2d_bp integer arguments: channels-last data (9 = 1), OIYX weights (10 = 1). */
    private static int[] convArgs(Conv2d c) {
        return new int[]{c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.paddingH(), c.paddingW(), 1, 1, 0, 1, 1};
    }

    /** Pooling on channels-last maps; padding as the graph's {@link SameDiffNetwork#pool}. */
    private static Pooling2DConfig pool(int kh, int kw, int sh, int sw, int ph, int pw, Pooling2D.Pooling2DType type) {
        return Pooling2DConfig.builder().kH(kh).kW(kw).sH(sh).sW(sw).pH(ph).pW(pw).dH(1).dW(1)
                .type(type).divisor(Pooling2D.Divisor.INCLUDE_PADDING)
                .paddingMode(PaddingMode.VALID).isNHWC(true).build();
    }

    /** The zero-bordered copy of padded average pooling's input, channels-last. */
    private static long[] paddedShape(Shape in, AvgPool2d p, int n) {
        return new long[]{n, in.height() + 2L * p.paddingH(), in.width() + 2L * p.paddingW(), in.channels()};
    }

    /** The part of a zero-bordered map {@code padded} that holds x. */
    private static INDArray interior(INDArray padded, AvgPool2d p, INDArray x) {
        return padded.get(NDArrayIndex.all(), NDArrayIndex.interval(p.paddingH(), p.paddingH() + x.size(1)),
                NDArrayIndex.interval(p.paddingW(), p.paddingW() + x.size(2)), NDArrayIndex.all());
    }

    /**
     * For one example: row (oy, ox) of the im2col matrix, column (c, ky, kx) in OIYX weight order →
     * the index of that input value in the channels-last example, or −1 in the zero padding.
     */
    private static int[] im2colTable(Shape in, Shape out, Conv2d c) {
        int ch = in.channels();
        int h = in.height();
        int w = in.width();
        int kh = c.kernelH();
        int kw = c.kernelW();
        int rowLength = ch * kh * kw;
        int[] table = new int[out.height() * out.width() * rowLength];
        int at = 0;
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                for (int cc = 0; cc < ch; cc++) {
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * c.strideH() + ky - c.paddingH();
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * c.strideW() + kx - c.paddingW();
                            table[at++] = iy >= 0 && iy < h && ix >= 0 && ix < w ? (iy * w + ix) * ch + cc : -1;
                        }
                    }
                }
            }
        }
        return table;
    }

    /** out [1, C] = ones [1, M] · m [M, C]: per-column sums as one GEMV (a reduction along 0 is ~10× slower). */
    private static CustomOp gemv(INDArray ones, INDArray m, INDArray out) {
        return op("matmul", ins(ones, m), ins(out), 0, 0, 0).addFloatingPointArguments(1.0, 0.0).build();
    }

    /**
     * The first c values of a small contiguous array, in double, through the host buffer (getDouble
     * per value costs microseconds each: ~0.3 ms per batch-norm layer and pass).
     */
    private void readRow(INDArray a, int c, double[] out) {
        int at = Math.toIntExact(a.offset());
        if (dtype == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int k = 0; k < c; k++) {
                out[k] = b.get(at + k);
            }
        } else {
            DoubleBuffer b = a.data().asNioDouble();
            for (int k = 0; k < c; k++) {
                out[k] = b.get(at + k);
            }
        }
    }

    /** Writes values into a contiguous array from element {@code at} on, through the host buffer. */
    private void writeRow(INDArray a, int at, double[] values) {
        int start = Math.toIntExact(a.offset()) + at;
        if (dtype == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int k = 0; k < values.length; k++) {
                b.put(start + k, (float) values[k]);
            }
        } else {
            DoubleBuffer b = a.data().asNioDouble();
            for (int k = 0; k < values.length; k++) {
                b.put(start + k, values[k]);
            }
        }
    }

    /** Writes c values into a small contiguous array through the host buffer. */
    private void writeVector(INDArray a, int c, double[] values) {
        int at = Math.toIntExact(a.offset());
        if (dtype == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int k = 0; k < c; k++) {
                b.put(at + k, (float) values[k]);
            }
        } else {
            DoubleBuffer b = a.data().asNioDouble();
            for (int k = 0; k < c; k++) {
                b.put(at + k, values[k]);
            }
        }
    }

    private static INDArray[] ins(INDArray... arrays) {
        return arrays;
    }

    private static DynamicCustomOp.DynamicCustomOpsBuilder op(String name, INDArray[] in, INDArray[] out, int... iArgs) {
        return DynamicCustomOp.builder(name).addInputs(in).addOutputs(out).addIntegerArguments(iArgs);
    }

    private static Runnable op(DynamicCustomOp.DynamicCustomOpsBuilder builder) {
        return prepared(builder.build());
    }

    /**
     * Runs a prebuilt op through an OpContext made once for it, holding its arrays and arguments:
     * ~2 µs of call overhead instead of ~10 µs for {@code Nd4j.exec(op)}, which builds a context on
     * every call (~140 calls in alexnet-mini's step).
     */
    private static Runnable prepared(CustomOp op) {
        OpContext context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(op.inputArguments().toArray(new INDArray[0]));
        context.setOutputArrays(op.outputArguments().toArray(new INDArray[0]));
        context.setIArguments(op.iArgs());
        context.setTArguments(op.tArgs());
        context.setBArguments(op.bArgs());
        context.setDArguments(op.dArgs());
        return () -> Nd4j.getExecutioner().exec(op, context);
    }

    private static int[] toInts(long[] a) {
        int[] r = new int[a.length];
        for (int k = 0; k < a.length; k++) {
            r[k] = Math.toIntExact(a[k]);
        }
        return r;
    }

    /** A c-ordered array of the given shape over the start of {@code base}'s buffer. */
    private static INDArray view(INDArray base, long[] shape) {
        return Nd4j.create(base.data(), shape, Nd4j.getStrides(shape, 'c'), 0L, 'c');
    }

    private static long elements(Shape s) {
        return s.elements();
    }

    private static long[] withBatch(Shape s, int n) {
        return SameDiffNetwork.withBatch(s, n);
    }
}
