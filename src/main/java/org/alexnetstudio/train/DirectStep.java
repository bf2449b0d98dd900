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
import org.nd4j.linalg.api.ops.impl.layers.convolution.AvgPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.ops.impl.transforms.comparison.CompareAndSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * The training step of a {@link SameDiffNetwork} without SameDiff's executor: every layer's forward
 * and backward op is called directly (libnd4j's conv2d/conv2d_bp, pooling and their bp, batchnorm and
 * batchnorm_bp, relu_bp, matmul, softmax cross-entropy and its gradient), writing into arrays that are
 * allocated once for the largest batch and reused by every step.
 *
 * <p>Same semantics as the graph: the parameters are the graph's own arrays (updated in place by
 * {@link SgdOptimizer}), dropout masks come from the same RNG calls in the same order, batch norm
 * normalises with the batch statistics and its backward is {@code batchnorm_bp}'s (the graph's
 * statistics sit behind a stop_gradient, so nothing else flows through them), and the running
 * statistics move by the same rule. {@code DirectStepTest} holds both paths equal.
 *
 * <p>Memory: ReLU runs in place (its backward reads its output, which is positive exactly where its
 * input was), Flatten is a view, and all gradients with respect to activations share two buffers of
 * the largest activation's size, used alternately from the loss back to the first layer.
 *
 * <p>Test mode ({@link #logits}): the same layers forward only, batch norm with the running statistics
 * and dropout off, as the graph's {@code sd.output} with training = 0, on buffers of its own (two
 * activation buffers used alternately, for the largest test batch seen), so test passes leave no
 * garbage and need no {@code System.gc()}. {@code DirectStepTestModeTest} holds it equal to the graph.
 */
final class DirectStep {

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

    private DirectStep(SameDiffNetwork net) {
        this.net = net;
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

    /** The direct step for this network, or null when a layer kind has no direct form (then SameDiff trains). */
    static DirectStep forNetwork(SameDiffNetwork net) {
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
        return new DirectStep(net);
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

    /** Kinds whose backward writes the input's gradient over the output's (elementwise, or a view). */
    private static boolean gradientInPlace(LayerSpec s) {
        return s instanceof ReLU || s instanceof Sigmoid || s instanceof Tanh || s instanceof Flatten
                || s instanceof Dropout;
    }

    private static boolean directKind(LayerSpec s) {
        return s instanceof Conv2d || s instanceof MaxPool2d || s instanceof AvgPool2d || s instanceof ReLU
                || s instanceof Sigmoid || s instanceof Tanh || s instanceof Flatten || s instanceof Linear
                || s instanceof Dropout || s instanceof BatchNorm2d;
        // LocalResponseNorm: not worth a direct form (no preset trains with it); the graph handles it.
    }

    /** Outcome of a forward and backward pass: gradients are in {@link #gradients()}. */
    record Pass(double loss, int correct, Plan plan) {
    }

    /** Forward + backward + optimizer update + running statistics, as {@link SameDiffNetwork#trainStep}. */
    SameDiffNetwork.StepResult step(float[] images, int[] labels, int n, SgdOptimizer optimizer) {
        Pass pass = forwardBackward(images, labels, n);
        if (Double.isFinite(pass.loss())) {
            optimizer.step(net, gradients);
            for (Plan.Norm bn : pass.plan().norms) {
                net.updateRunningStats(bn.layer, bn.mean, bn.var, bn.count);
            }
        }
        return new SameDiffNetwork.StepResult(pass.loss(), pass.correct(), n);
    }

    /** Draws the dropout masks (same RNG calls as the graph path), runs forward and backward. */
    Pass forwardBackward(float[] images, int[] labels, int n) {
        Plan plan = plan(n);
        plan.load(images, labels, n);
        for (Plan.Mask m : plan.masks) {
            SameDiffNetwork.fillDropoutMask(m.mask, m.p);
        }
        run(plan.forward, "fwd");
        double loss = plan.loss.getDouble(0);
        int correct = plan.countCorrect(labels, n);
        run(plan.backward, "bwd");
        return new Pass(loss, correct, plan);
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
        return buffers == null ? bytes : bytes + buffers.bytes;
    }

    /** Frees every buffer now (the run ended); the next pass allocates them again. */
    void release() {
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
        final Map<Integer, INDArray> centred = new HashMap<>(); // x − mean where x must stay intact
        final INDArray[] rows = new INDArray[2];    // per-(example, channel) sums, [batch·C]
        final INDArray[] columns = new INDArray[3]; // per-(example, channel) factors, [batch·C, 1]
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
            s.add(Nd4j.create(dtype, withBatch(layers.get(0).input(), batch)));
            long total = 0;
            long maxRows = 1;
            for (CompiledLayer l : layers) {
                int k = l.index();
                if (l.spec() instanceof ReLU || l.spec() instanceof Flatten) {
                    slotOfActivation[k + 1] = slotOfActivation[k];
                } else {
                    slotOfActivation[k + 1] = s.size();
                    s.add(Nd4j.create(dtype, withBatch(l.output(), batch)));
                }
                if (l.spec() instanceof Dropout d && d.p() != 0) {
                    masks.put(k, Nd4j.create(dtype, withBatch(l.input(), batch)));
                    total += elements(l.input());
                }
                if (l.spec() instanceof BatchNorm2d) {
                    int c = l.input().channels();
                    norms.put(k, new INDArray[]{Nd4j.create(dtype, c), Nd4j.create(dtype, c)});
                    maxRows = Math.max(maxRows, (long) batch * c);
                    if (k > 0 && layers.get(k - 1).spec() instanceof ReLU) {
                        // x is the ReLU's output, which relu_bp reads: centre into a buffer of its own
                        centred.put(k, Nd4j.create(dtype, withBatch(l.input(), batch)));
                        total += elements(l.input());
                    }
                }
                if (l.spec() instanceof AvgPool2d p && (p.paddingH() > 0 || p.paddingW() > 0)) {
                    Shape in = l.input();
                    long[] shape = {batch, in.channels(), in.height() + 2L * p.paddingH(), in.width() + 2L * p.paddingW()};
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
                if (!gradientInPlace(layers.get(k).spec())) {
                    where = where == 0 ? 1 : 0;
                    sizes[where] = Math.max(sizes[where], elements(layers.get(k).input()));
                }
            }
            for (int k = 0; k < 2; k++) {
                gradPingPong[k] = Nd4j.create(dtype, batch * sizes[k]);
            }
            for (int k = 0; k < 2; k++) {
                rows[k] = Nd4j.create(dtype, maxRows);
            }
            for (int k = 0; k < 3; k++) {
                columns[k] = Nd4j.create(dtype, maxRows, 1);
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
            all.addAll(List.of(rows));
            all.addAll(List.of(columns));
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
    private final class Plan {
        record Mask(int layer, double p, INDArray mask) {
        }

        record Norm(int layer, INDArray mean, INDArray var, long count) {
        }

        final int n;
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
            Buffers b = buffers;
            activations = new INDArray[layers.size() + 1];
            activations[0] = view(b.slots[0], withBatch(layers.get(0).input(), n));
            for (CompiledLayer l : layers) {
                activations[l.index() + 1] = view(b.slots[b.slotOfActivation[l.index() + 1]], withBatch(l.output(), n));
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
                INDArray gradIn = view(b.gradPingPong[other], withBatch(l.input(), n));
                Step s = layer(l, activations[k], activations[k + 1], g, gradIn, where);
                if (s.inPlaceGradient != gradientInPlace(l.spec())) {
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
                int[] args = {c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.paddingH(), c.paddingW(),
                    1, 1, 0, 0, 1};
                CustomOp f = op("conv2d", ins(x, w, bias), ins(y), args).build();
                CustomOp bp = op("conv2d_bp", ins(x, w, bias, g), ins(gradIn, dw, db), args).build();
                return new Step(() -> Nd4j.exec(f), () -> Nd4j.exec(bp), false, null);
            }
            if (spec instanceof MaxPool2d p) {
                MaxPooling2D f = new MaxPooling2D(x, y, SameDiffNetwork.pool(p.kernelH(), p.kernelW(), p.strideH(),
                        p.strideW(), p.paddingH(), p.paddingW(), Pooling2D.Pooling2DType.MAX));
                CustomOp bp = op("maxpool2d_bp", ins(x, g), ins(gradIn), toInts(f.iArgs())).build();
                return new Step(() -> Nd4j.exec(f), () -> Nd4j.exec(bp), false, null);
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
                    long[] shape = {n, pad[0].size(1), pad[0].size(2), pad[0].size(3)};
                    in = view(pad[0], shape);
                    inGrad = view(pad[1], shape);
                    INDArrayIndex[] inner = {NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(p.paddingH(), p.paddingH() + x.size(2)),
                        NDArrayIndex.interval(p.paddingW(), p.paddingW() + x.size(3))};
                    interior = in.get(inner);
                    interiorGrad = inGrad.get(inner);
                }
                AvgPooling2D f = new AvgPooling2D(in, y, SameDiffNetwork.pool(p.kernelH(), p.kernelW(), p.strideH(),
                        p.strideW(), 0, 0, Pooling2D.Pooling2DType.AVG));
                CustomOp bp = op("avgpool2d_bp", ins(in, g), ins(inGrad), toInts(f.iArgs())).build();
                INDArray copyIn = interior;
                INDArray copyOut = interiorGrad;
                Runnable forward = copyIn == null ? () -> Nd4j.exec(f) : () -> {
                    copyIn.assign(x);
                    Nd4j.exec(f);
                };
                Runnable back = copyOut == null ? () -> Nd4j.exec(bp) : () -> {
                    Nd4j.exec(bp);
                    gradIn.assign(copyOut);
                };
                return new Step(forward, back, false, null);
            }
            if (spec instanceof ReLU) {
                // In place: y is x's buffer. The backward reads the output, positive exactly where the input
                // was: g ← (y ≤ 0 ? y : g), y being 0 there. libnd4j's pairwise compare-and-set does this
                // in half the time of relu_bp (1.8 vs 3.5 ms on alexnet-mini's largest ReLU), same values.
                CustomOp f = op("relu", ins(x), ins(y), new int[0]).addFloatingPointArguments(0.0).build();
                CompareAndSet bp = new CompareAndSet(g, y, g, Conditions.lessThanOrEqual(0));
                return new Step(() -> Nd4j.exec(f), () -> Nd4j.exec(bp), true, g);
            }
            if (spec instanceof Sigmoid || spec instanceof Tanh) {
                String name = spec instanceof Sigmoid ? "sigmoid" : "tanh";
                CustomOp f = op(name, ins(x), ins(y), new int[0]).build();
                CustomOp bp = op(name + "_bp", ins(x, g), ins(g), new int[0]).build(); // elementwise: in place
                return new Step(() -> Nd4j.exec(f), () -> Nd4j.exec(bp), true, g);
            }
            if (spec instanceof Flatten) {
                // y is a view of x's buffer (NCHW row-major = PyTorch's order); so is the gradient.
                return new Step(() -> { }, null, true, g.reshape('c', x.shape()));
            }
            if (spec instanceof Linear) {
                INDArray w = parameterArrays.get(l.parameters().get(0).variable());
                INDArray bias = parameterArrays.get(l.parameters().get(1).variable());
                INDArray dw = gradients.get(l.parameters().get(0).variable());
                INDArray db = gradients.get(l.parameters().get(1).variable());
                // y = x·Wᵀ + b (PyTorch's [out, in]); dW = gᵀ·x; db = Σ g; dx = g·W
                CustomOp f = op("matmul", ins(x, w), ins(y), 0, 1, 0).addFloatingPointArguments(1.0, 0.0).build();
                CustomOp dW = op("matmul", ins(g, x), ins(dw), 1, 0, 0).addFloatingPointArguments(1.0, 0.0).build();
                CustomOp dx = op("matmul", ins(g, w), ins(gradIn), 0, 0, 0).addFloatingPointArguments(1.0, 0.0).build();
                boolean first = k == firstTrained;
                return new Step(() -> {
                    Nd4j.exec(f);
                    y.addiRowVector(bias);
                }, () -> {
                    Nd4j.exec(dW);
                    g.sum(db, 0);
                    if (!first) {
                        Nd4j.exec(dx);
                    }
                }, false, null);
            }
            if (spec instanceof Dropout d) {
                if (d.p() == 0) {
                    return new Step(() -> y.assign(x), null, true, g);
                }
                INDArray mask = view(buffers.masks.get(k), withBatch(l.input(), n));
                masks.add(0, new Mask(k, d.p(), mask)); // built last layer first; drawn in layer order
                CustomOp f = op("multiply", ins(x, mask), ins(y), new int[0]).build();
                CustomOp bp = op("multiply", ins(g, mask), ins(g), new int[0]).build();
                return new Step(() -> Nd4j.exec(f), () -> Nd4j.exec(bp), true, g);
            }
            if (spec instanceof BatchNorm2d bn) {
                return batchNorm(l, bn, x, y, g, gradIn);
            }
            throw new IllegalStateException("no direct form for " + spec.kind());
        }

        /**
         * Batch norm over NCHW channels with the batch statistics, as PyTorch trains it, in passes that
         * libnd4j runs fast: every (example, channel) plane is a row of an [n·C, H·W] view, so sums are
         * row reductions (combined per channel here, in double) and per-channel factors are [n·C, 1]
         * columns for the broadcasting multiply/add ops. The centred input xc = x − mean is kept (in
         * x's own buffer unless a ReLU's backward still reads it) for the backward:
         * dγ = Σ g·x̂, dβ = Σ g, dx = k·g − (k/M)·Σg − (k/(M·(var+eps)))·Σ(g·xc)·xc with k = γ/√(var+eps)
         * and M = n·H·W values per channel: batchnorm_bp's gradient (batch statistics included).
         */
        private Step batchNorm(CompiledLayer l, BatchNorm2d bn, INDArray x, INDArray y, INDArray g, INDArray gradIn) {
            int k = l.index();
            int c = l.input().channels();
            long hw = (long) l.input().height() * l.input().width();
            int rowsN = n * c;
            long count = n * hw;
            INDArray gamma = parameterArrays.get(l.parameters().get(0).variable());
            INDArray beta = parameterArrays.get(l.parameters().get(1).variable());
            INDArray dGamma = gradients.get(l.parameters().get(0).variable());
            INDArray dBeta = gradients.get(l.parameters().get(1).variable());
            INDArray[] st = buffers.norms.get(k);
            norms.add(0, new Norm(k, st[0], st[1], count));
            INDArray x2 = x.reshape('c', rowsN, hw);
            INDArray centredBase = buffers.centred.get(k);
            INDArray xc = centredBase == null ? x2 : view(centredBase, new long[]{rowsN, hw});
            INDArray y2 = y.reshape('c', rowsN, hw);
            INDArray g2 = g.reshape('c', rowsN, hw);
            INDArray dx2 = gradIn.reshape('c', rowsN, hw);
            INDArray rowA = view(buffers.rows[0], new long[]{rowsN});
            INDArray rowB = view(buffers.rows[1], new long[]{rowsN});
            INDArray col0 = view(buffers.columns[0], new long[]{rowsN, 1});
            INDArray col1 = view(buffers.columns[1], new long[]{rowsN, 1});
            INDArray col2 = view(buffers.columns[2], new long[]{rowsN, 1});
            double eps = bn.eps();
            double[] mean = new double[c];
            double[] stdInv = new double[c];
            double[] gam = new double[c];
            double[] tmp = new double[c];
            CustomOp centre = op("add", ins(x2, col0), ins(xc), new int[0]).build();
            CustomOp scale = op("multiply", ins(xc, col0), ins(y2), new int[0]).build();
            CustomOp shift = op("add", ins(y2, col1), ins(y2), new int[0]).build();
            CustomOp dxFromXc = op("multiply", ins(xc, col0), ins(dx2), new int[0]).build();
            CustomOp gScaled = op("multiply", ins(g2, col1), ins(g2), new int[0]).build();
            CustomOp dxPlusG = op("add", ins(dx2, g2), ins(dx2), new int[0]).build();
            CustomOp dxShift = op("add", ins(dx2, col2), ins(dx2), new int[0]).build();
            Sum sumX = new Sum(x2, rowA, 1);
            Dot sumXc2 = new Dot(xc, xc, rowA, 1);
            Sum sumGrad = new Sum(g2, rowA, 1);
            Dot sumGradXc = new Dot(g2, xc, rowB, 1);
            Runnable forward = () -> {
                Nd4j.exec(sumX);
                channelSums(rowA, c, mean);
                INDArray[] running = net.runningStatistics(k);
                for (int ch = 0; ch < c; ch++) {
                    mean[ch] = overflowed(mean[ch]) / count;
                    // The graph feeds training·batch + (1 − training)·running statistics: a running
                    // statistic that is no longer finite (a diverging run) makes the step NaN there, so
                    // here too: both engines stop such a run the same way.
                    if (!Double.isFinite(running[0].getDouble(ch)) || !Double.isFinite(running[1].getDouble(ch))) {
                        mean[ch] = Double.NaN;
                    }
                    tmp[ch] = -mean[ch];
                }
                fillColumn(col0, c, tmp);
                Nd4j.exec(centre);                          // xc = x − mean
                Nd4j.exec(sumXc2);
                channelSums(rowA, c, tmp);
                for (int ch = 0; ch < c; ch++) {
                    double var = overflowed(tmp[ch]) / count; // biased, as PyTorch normalises
                    st[0].putScalar(ch, mean[ch]);
                    st[1].putScalar(ch, var);
                    stdInv[ch] = 1.0 / Math.sqrt(var + eps);
                    gam[ch] = gamma.getDouble(ch);
                    tmp[ch] = gam[ch] * stdInv[ch];
                }
                fillColumn(col0, c, tmp);
                for (int ch = 0; ch < c; ch++) {
                    tmp[ch] = beta.getDouble(ch);
                }
                fillColumn(col1, c, tmp);
                Nd4j.exec(scale);                           // y = xc·γ/√(var+eps)
                Nd4j.exec(shift);                           //     + β
            };
            double[] sumG = new double[c];
            double[] sumGx = new double[c];
            Runnable backward = () -> {
                Nd4j.exec(sumGrad);
                Nd4j.exec(sumGradXc);
                channelSums(rowA, c, sumG);
                channelSums(rowB, c, sumGx);
                for (int ch = 0; ch < c; ch++) {
                    dBeta.putScalar(ch, sumG[ch]);
                    dGamma.putScalar(ch, sumGx[ch] * stdInv[ch]);
                    tmp[ch] = -gam[ch] * stdInv[ch] * stdInv[ch] * stdInv[ch] * sumGx[ch] / count;
                }
                fillColumn(col0, c, tmp);
                for (int ch = 0; ch < c; ch++) {
                    tmp[ch] = gam[ch] * stdInv[ch];
                }
                fillColumn(col1, c, tmp);
                for (int ch = 0; ch < c; ch++) {
                    tmp[ch] = -gam[ch] * stdInv[ch] * sumG[ch] / count;
                }
                fillColumn(col2, c, tmp);
                Nd4j.exec(dxFromXc);                        // dx = −(k/(M·(var+eps)))·Σ(g·xc)·xc
                Nd4j.exec(gScaled);                         // g ← k·g (g is not read afterwards)
                Nd4j.exec(dxPlusG);                         // dx += k·g
                Nd4j.exec(dxShift);                         // dx += −k·Σg/M
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

        /** Per-channel totals of per-(example, channel) values laid out [n][c]. */
        private void channelSums(INDArray rowValues, int c, double[] out) {
            java.util.Arrays.fill(out, 0);
            int len = n * c;
            if (dtype == DataType.FLOAT) {
                FloatBuffer b = rowValues.data().asNioFloat();
                for (int r = 0; r < len; r++) {
                    out[r % c] += b.get(r);
                }
            } else {
                DoubleBuffer b = rowValues.data().asNioDouble();
                for (int r = 0; r < len; r++) {
                    out[r % c] += b.get(r);
                }
            }
        }

        /** Per-channel values repeated for every example of this plan's batch. */
        private void fillColumn(INDArray column, int c, double[] values) {
            DirectStep.this.fillColumn(column, n, c, values);
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

        /** Images and one-hot labels into the input and label buffers (no native allocation). */
        void load(float[] images, int[] labelIndex, int count) {
            long len = (long) count * layers.get(0).input().elements();
            INDArray input = activations[0];
            int given = (int) Math.min(len, images.length); // a short array is zero-padded, as the graph's input
            if (dtype == DataType.FLOAT) {
                FloatBuffer buf = input.data().asNioFloat();
                buf.put(images, 0, given);
                for (int k = given; k < len; k++) {
                    buf.put(k, 0f);
                }
            } else {
                DoubleBuffer buf = input.data().asNioDouble();
                for (int k = 0; k < len; k++) {
                    buf.put(k, k < given ? images[k] : 0.0);
                }
            }
            labels.assign(0);
            for (int k = 0; k < count; k++) {
                if (labelIndex[k] < 0 || labelIndex[k] >= classes) {
                    throw new IllegalArgumentException("label " + labelIndex[k] + " outside 0.." + (classes - 1));
                }
                labels.putScalar(k, labelIndex[k], 1.0);
            }
        }

        int countCorrect(int[] labelIndex, int count) {
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
                correct += best == labelIndex[k] ? 1 : 0;
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

    /** Kinds that the test forward runs in place (elementwise per value, or a view). */
    private static boolean testInPlace(LayerSpec s) {
        return s instanceof ReLU || s instanceof Flatten || s instanceof Dropout || s instanceof BatchNorm2d;
    }

    /**
     * Test-mode buffers for batch size {@code batch}: two activation buffers used alternately (nothing
     * is kept for a backward pass), the zero-bordered copies of padded average pooling, and the
     * per-(example, channel) factor columns of batch norm. Smaller batches use views.
     */
    private final class EvalBuffers {
        final int batch;
        final INDArray[] pingPong = new INDArray[2];
        final Map<Integer, INDArray> padded = new HashMap<>();
        final INDArray[] columns = new INDArray[2];
        final long bytes;

        EvalBuffers(int batch) {
            this.batch = batch;
            long[] sizes = {elements(layers.get(0).input()), 1};
            int where = 0;
            long maxRows = 1;
            long total = 0;
            for (CompiledLayer l : layers) {
                if (!testInPlace(l.spec())) {
                    where = 1 - where;
                    sizes[where] = Math.max(sizes[where], elements(l.output()));
                }
                if (l.spec() instanceof BatchNorm2d) {
                    maxRows = Math.max(maxRows, (long) batch * l.input().channels());
                }
                if (l.spec() instanceof AvgPool2d p && (p.paddingH() > 0 || p.paddingW() > 0)) {
                    Shape in = l.input();
                    long[] shape = {batch, in.channels(), in.height() + 2L * p.paddingH(), in.width() + 2L * p.paddingW()};
                    padded.put(l.index(), Nd4j.zeros(dtype, shape)); // the border stays zero
                    total += shape[0] * shape[1] * shape[2] * shape[3];
                }
            }
            for (int k = 0; k < 2; k++) {
                pingPong[k] = Nd4j.create(dtype, batch * sizes[k]);
                columns[k] = Nd4j.create(dtype, maxRows, 1);
                total += batch * sizes[k] + maxRows;
            }
            bytes = total * dtype.width();
        }

        void close() {
            List<INDArray> all = new ArrayList<>(List.of(pingPong));
            all.addAll(List.of(columns));
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
            INDArray x = view(b.pingPong[0], withBatch(layers.get(0).input(), n));
            input = x;
            for (CompiledLayer l : layers) {
                if (!testInPlace(l.spec())) {
                    where = 1 - where;
                }
                INDArray y = view(b.pingPong[where], withBatch(l.output(), n));
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
                int[] args = {c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.paddingH(), c.paddingW(),
                    1, 1, 0, 0, 1};
                return op(op("conv2d", ins(x, w, bias), ins(y), args));
            }
            if (spec instanceof MaxPool2d p) {
                MaxPooling2D f = new MaxPooling2D(x, y, SameDiffNetwork.pool(p.kernelH(), p.kernelW(), p.strideH(),
                        p.strideW(), p.paddingH(), p.paddingW(), Pooling2D.Pooling2DType.MAX));
                return () -> Nd4j.exec(f);
            }
            if (spec instanceof AvgPool2d p) {
                INDArray pad = evalBuffers.padded.get(l.index());
                if (pad == null) {
                    AvgPooling2D f = new AvgPooling2D(x, y, SameDiffNetwork.pool(p.kernelH(), p.kernelW(),
                            p.strideH(), p.strideW(), 0, 0, Pooling2D.Pooling2DType.AVG));
                    return () -> Nd4j.exec(f);
                }
                // count_include_pad=True, as in training: pool a zero-bordered copy without padding.
                INDArray in = view(pad, new long[]{n, pad.size(1), pad.size(2), pad.size(3)});
                INDArray interior = in.get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(p.paddingH(), p.paddingH() + x.size(2)),
                        NDArrayIndex.interval(p.paddingW(), p.paddingW() + x.size(3)));
                AvgPooling2D f = new AvgPooling2D(in, y, SameDiffNetwork.pool(p.kernelH(), p.kernelW(), p.strideH(),
                        p.strideW(), 0, 0, Pooling2D.Pooling2DType.AVG));
                return () -> {
                    interior.assign(x);
                    Nd4j.exec(f);
                };
            }
            if (spec instanceof ReLU) {
                return op(op("relu", ins(x), ins(y), new int[0]).addFloatingPointArguments(0.0));
            }
            if (spec instanceof Sigmoid || spec instanceof Tanh) {
                return op(op(spec instanceof Sigmoid ? "sigmoid" : "tanh", ins(x), ins(y), new int[0]));
            }
            if (spec instanceof Flatten || spec instanceof Dropout) {
                return null; // a view of x's buffer; dropout is the identity in test mode
            }
            if (spec instanceof Linear) {
                INDArray w = parameterArrays.get(l.parameters().get(0).variable());
                INDArray bias = parameterArrays.get(l.parameters().get(1).variable());
                CustomOp f = op("matmul", ins(x, w), ins(y), 0, 1, 0).addFloatingPointArguments(1.0, 0.0).build();
                return () -> {
                    Nd4j.exec(f);
                    y.addiRowVector(bias);
                };
            }
            if (spec instanceof BatchNorm2d bn) {
                return batchNorm(l, bn, x);
            }
            throw new IllegalStateException("no direct form for " + spec.kind());
        }

        /**
         * y = x·γ/√(running var + eps) + (β − running mean·γ/√(running var + eps)), in place, with the
         * per-channel factors worked out in double and broadcast as [n·C, 1] columns over the [n·C, H·W]
         * view. The running statistics are read at every call (the live arrays; a load replaces them).
         */
        private Runnable batchNorm(CompiledLayer l, BatchNorm2d bn, INDArray x) {
            int k = l.index();
            int c = l.input().channels();
            long hw = (long) l.input().height() * l.input().width();
            int rowsN = n * c;
            INDArray x2 = x.reshape('c', rowsN, hw);
            INDArray col0 = view(evalBuffers.columns[0], new long[]{rowsN, 1});
            INDArray col1 = view(evalBuffers.columns[1], new long[]{rowsN, 1});
            INDArray gamma = parameterArrays.get(l.parameters().get(0).variable());
            INDArray beta = parameterArrays.get(l.parameters().get(1).variable());
            double eps = bn.eps();
            double[] scale = new double[c];
            double[] shift = new double[c];
            CustomOp mul = op("multiply", ins(x2, col0), ins(x2), new int[0]).build();
            CustomOp add = op("add", ins(x2, col1), ins(x2), new int[0]).build();
            return () -> {
                INDArray[] running = net.runningStatistics(k);
                for (int ch = 0; ch < c; ch++) {
                    double inv = 1.0 / Math.sqrt(running[1].getDouble(ch) + eps);
                    scale[ch] = gamma.getDouble(ch) * inv;
                    shift[ch] = beta.getDouble(ch) - running[0].getDouble(ch) * scale[ch];
                }
                fillColumn(col0, n, c, scale);
                fillColumn(col1, n, c, shift);
                Nd4j.exec(mul);
                Nd4j.exec(add);
            };
        }

        /** Images into the input buffer; a short array is zero-padded, as the graph's input. */
        void load(float[] images) {
            long len = (long) n * layers.get(0).input().elements();
            int given = (int) Math.min(len, images.length);
            if (dtype == DataType.FLOAT) {
                FloatBuffer buf = input.data().asNioFloat();
                buf.put(0, images, 0, given);
                for (int k = given; k < len; k++) {
                    buf.put(k, 0f);
                }
            } else {
                DoubleBuffer buf = input.data().asNioDouble();
                for (int k = 0; k < len; k++) {
                    buf.put(k, k < given ? images[k] : 0.0);
                }
            }
        }
    }

    /** Per-channel values repeated for every one of n examples: a column [n·c, 1]. */
    private void fillColumn(INDArray column, int n, int c, double[] values) {
        int len = n * c;
        if (dtype == DataType.FLOAT) {
            FloatBuffer b = column.data().asNioFloat();
            for (int r = 0; r < len; r++) {
                b.put(r, (float) values[r % c]);
            }
        } else {
            DoubleBuffer b = column.data().asNioDouble();
            for (int r = 0; r < len; r++) {
                b.put(r, values[r % c]);
            }
        }
    }

    // ------------------------------------------------------------ helpers

    private static INDArray[] ins(INDArray... arrays) {
        return arrays;
    }

    private static DynamicCustomOp.DynamicCustomOpsBuilder op(String name, INDArray[] in, INDArray[] out, int... iArgs) {
        return DynamicCustomOp.builder(name).addInputs(in).addOutputs(out).addIntegerArguments(iArgs);
    }

    private static Runnable op(DynamicCustomOp.DynamicCustomOpsBuilder builder) {
        CustomOp op = builder.build();
        return () -> Nd4j.exec(op);
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
