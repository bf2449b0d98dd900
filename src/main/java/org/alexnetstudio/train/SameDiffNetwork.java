package org.alexnetstudio.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.Sigmoid;
import org.alexnetstudio.model.Tanh;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.enums.PadMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link NetworkSpec} compiled into an ND4J SameDiff graph (NCHW, PyTorch layouts), with the
 * book's initialisation, a training step, inference and access to weights and activations.
 *
 * <p>Train/test behaviour (dropout, batch norm) is switched by the {@code training} placeholder, so
 * one graph serves both. Dropout masks are drawn in Java-side ND4J and fed in, because SameDiff's own
 * dropout ops have no gradient. Every public method holds one lock: a GUI thread that asks for
 * predictions while training runs waits at most one batch.
 */
public final class SameDiffNetwork {

    static final String INPUT = "input";
    static final String LABELS = "labels";
    static final String TRAINING = "training";
    static final String LOSS = "loss";

    private final NetworkSpec spec;
    private final NetworkAnalysis analysis;
    private final DataType dtype;
    private final SameDiff sd = SameDiff.create();
    private final List<CompiledLayer> layers = new ArrayList<>();
    private final List<CompiledLayer.Parameter> parameters = new ArrayList<>();
    private final Map<Integer, BatchNormState> batchNorms = new LinkedHashMap<>();
    private final Map<Integer, Double> dropouts = new LinkedHashMap<>();
    private final Map<String, INDArray> onesCache = new HashMap<>();
    private final String logitsName;
    private final int classes; // 0 when the output is not a flat vector: forward only
    private final ReentrantLock lock = new ReentrantLock();
    private final boolean fusedBatchNorm;
    private final OffHeapGc gc = new OffHeapGc();
    private final Set<SessionMemMgr> boundedCaches = Collections.newSetFromMap(new IdentityHashMap<>());
    static final long DEFAULT_ARRAY_CACHE_MIB = 256;
    private boolean gradientsReady;
    private boolean directEnabled = DirectStep.enabledByDefault();
    private DirectStep direct;
    /** Shards the direct step splits a batch into when set (tests, benchmarks); 0: {@link DataParallel#shardsFor}. */
    private int shardsOverride;

    /** Running statistics of one BatchNorm2d layer (PyTorch's buffers). */
    static final class BatchNormState {
        final double momentum;
        INDArray runningMean;
        INDArray runningVar;
        long numBatchesTracked;

        BatchNormState(double momentum, INDArray mean, INDArray var) {
            this.momentum = momentum;
            this.runningMean = mean;
            this.runningVar = var;
        }
    }

    /** One training step's outcome. */
    public record StepResult(double loss, int correct, int size) {
    }

    private SameDiffNetwork(NetworkSpec spec, long seed, DataType dtype, boolean fusedBatchNorm) {
        this.spec = spec;
        this.fusedBatchNorm = fusedBatchNorm;
        this.analysis = spec.analyze();
        this.dtype = dtype;
        if (!analysis.isValid()) {
            throw new NetworkBuildException(String.join("\n", analysis.errorMessages()));
        }
        SplittableRandom random = new SplittableRandom(seed);
        Shape inShape = spec.input();
        SDVariable x = sd.placeHolder(INPUT, dtype, -1, inShape.channels(), inShape.height(), inShape.width());
        SDVariable training = sd.placeHolder(TRAINING, dtype);
        for (LayerReport report : analysis.layers()) {
            x = addLayer(report, x, training, random);
        }
        Shape out = analysis.output().orElseThrow();
        logitsName = x.name();
        if (!out.isSpatial()) {
            classes = out.features();
            SDVariable labels = sd.placeHolder(LABELS, dtype, -1, classes);
            sd.loss().softmaxCrossEntropy(LOSS, labels, x, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
            sd.setLossVariables(LOSS);
        } else {
            classes = 0;
        }
    }

    /** Builds the network in float32 with Xavier-uniform weights drawn from {@code seed}. */
    public static SameDiffNetwork build(NetworkSpec spec, long seed) {
        return new SameDiffNetwork(spec, seed, DataType.FLOAT, true);
    }

    /** As {@link #build(NetworkSpec, long)} in another precision (double for gradient checks). */
    static SameDiffNetwork build(NetworkSpec spec, long seed, DataType dtype) {
        return new SameDiffNetwork(spec, seed, dtype, true);
    }

    /** With batch norm written op by op (the reference the fused op is tested against). */
    static SameDiffNetwork buildWithFormulaBatchNorm(NetworkSpec spec, long seed, DataType dtype) {
        return new SameDiffNetwork(spec, seed, dtype, false);
    }

    private SDVariable addLayer(LayerReport r, SDVariable x, SDVariable training, SplittableRandom random) {
        int i = r.index();
        Shape in = r.input();
        Shape out = r.output();
        String name = "L" + i + "_" + r.layer().kind();
        List<CompiledLayer.Parameter> params = new ArrayList<>();
        LayerSpec layer = r.layer();
        SDVariable y;
        if (layer instanceof Conv2d c) {
            long[] wShape = {c.outChannels(), in.channels(), c.kernelH(), c.kernelW()};
            int fanIn = in.channels() * c.kernelH() * c.kernelW();
            int fanOut = c.outChannels() * c.kernelH() * c.kernelW();
            SDVariable w = param(params, i, "weight", wShape, xavier(random, fanIn, fanOut));
            SDVariable b = param(params, i, "bias", new long[]{c.outChannels()}, null);
            // Kept in PyTorch's [out, in, kh, kw]; conv2d_bp of M2.1 ignores weightsFormat=OIYX, so the
            // graph permutes to the default YXIO [kh, kw, in, out].
            SDVariable wYxio = sd.permute(w, 2, 3, 1, 0);
            y = sd.cnn().conv2d(name, x, wYxio, b, Conv2DConfig.builder()
                    .kH(c.kernelH()).kW(c.kernelW()).sH(c.strideH()).sW(c.strideW())
                    .pH(c.paddingH()).pW(c.paddingW()).dH(1).dW(1)
                    .paddingMode(PaddingMode.VALID).dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build());
        } else if (layer instanceof MaxPool2d p) {
            y = sd.cnn().maxPooling2d(name, x, pool(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                    p.paddingH(), p.paddingW(), Pooling2D.Pooling2DType.MAX));
        } else if (layer instanceof AvgPool2d p) {
            // PyTorch's count_include_pad=True: padded zeros count in the mean. M2.1's avgpool2d_bp
            // does not honour that mode, so the zeros are added by an explicit pad op.
            SDVariable in4 = x;
            if (p.paddingH() > 0 || p.paddingW() > 0) {
                INDArray pads = Nd4j.createFromArray(new int[][]{{0, 0}, {0, 0},
                    {p.paddingH(), p.paddingH()}, {p.paddingW(), p.paddingW()}});
                in4 = sd.nn().pad(x, sd.constant(pads), PadMode.CONSTANT, 0.0);
            }
            y = sd.cnn().avgPooling2d(name, in4, pool(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                    0, 0, Pooling2D.Pooling2DType.AVG));
        } else if (layer instanceof ReLU) {
            y = sd.nn().relu(name, x, 0);
        } else if (layer instanceof Sigmoid) {
            y = sd.nn().sigmoid(name, x);
        } else if (layer instanceof Tanh) {
            y = sd.math().tanh(name, x);
        } else if (layer instanceof Flatten) {
            // NCHW reshaped row-major = PyTorch's (C, H, W) order.
            y = in.isSpatial() ? sd.reshape(name, x, -1, in.elements()) : x;
        } else if (layer instanceof Linear l) {
            long[] wShape = {l.outFeatures(), in.features()};
            SDVariable w = param(params, i, "weight", wShape, xavier(random, in.features(), l.outFeatures()));
            SDVariable b = param(params, i, "bias", new long[]{l.outFeatures()}, null);
            // PyTorch's layout [out, in]: y = x·Wᵀ + b
            y = sd.mmul(x, w, false, true, false).add(name, b);
        } else if (layer instanceof Dropout d) {
            if (d.p() == 0) {
                y = x;
            } else {
                dropouts.put(i, d.p());
                SDVariable mask = sd.placeHolder(maskName(i), dtype, batchShape(in));
                y = x.mul(name, mask);
            }
        } else if (layer instanceof LocalResponseNorm n) {
            y = localResponseNorm(name, x, in, n);
        } else if (layer instanceof BatchNorm2d bn) {
            y = batchNorm(name, i, x, in, bn, training, params);
        } else {
            throw new NetworkBuildException("unsupported layer " + layer.kind());
        }
        parameters.addAll(params);
        layers.add(new CompiledLayer(i, layer, in, out, y.name(), params));
        return y;
    }

    static Pooling2DConfig pool(int kh, int kw, int sh, int sw, int ph, int pw, Pooling2D.Pooling2DType type) {
        return Pooling2DConfig.builder().kH(kh).kW(kw).sH(sh).sW(sw).pH(ph).pW(pw).dH(1).dW(1)
                .type(type).divisor(Pooling2D.Divisor.INCLUDE_PADDING)
                .paddingMode(PaddingMode.VALID).isNHWC(false).build();
    }

    /** PyTorch's formula: x / (k + α·mean of x² over `size` neighbouring channels)^β, zero-padded. */
    private SDVariable localResponseNorm(String name, SDVariable x, Shape in, LocalResponseNorm n) {
        int c = in.channels();
        long hw = (long) in.height() * in.width();
        SDVariable sq = sd.reshape(sd.math().square(x), -1, 1, c, hw);
        INDArray pads = Nd4j.createFromArray(new int[][]{{0, 0}, {0, 0}, {n.size() / 2, (n.size() - 1) / 2}, {0, 0}});
        SDVariable padded = sd.nn().pad(sq, sd.constant(pads), PadMode.CONSTANT, 0.0);
        SDVariable avg = sd.cnn().avgPooling2d(padded, pool(n.size(), 1, 1, 1, 0, 0, Pooling2D.Pooling2DType.AVG));
        SDVariable div = sd.math().pow(sd.reshape(avg, -1, c, in.height(), in.width()).mul(n.alpha()).add(n.k()),
                n.beta());
        return x.div(name, div);
    }

    private SDVariable batchNorm(String name, int i, SDVariable x, Shape in, BatchNorm2d bn, SDVariable training,
                                 List<CompiledLayer.Parameter> params) {
        int c = in.channels();
        long[] cShape = {c};
        SDVariable gamma = param(params, i, "weight", cShape, a -> a.assign(1));
        SDVariable beta = param(params, i, "bias", cShape, null);
        SDVariable runMean = sd.placeHolder(runningMeanName(i), dtype, c);
        SDVariable runVar = sd.placeHolder(runningVarName(i), dtype, c);
        SDVariable notTraining = training.rsub(1.0);
        SDVariable y;
        if (fusedBatchNorm && TrainingBatchNorm.register()) {
            // One moments op for the batch statistics (biased variance, as PyTorch normalises) and the
            // fused batchnorm op, whose gradient already runs through the batch statistics: they
            // enter it behind a stop_gradient. Far fewer and cheaper ops than the formula below.
            SDVariable[] moments = sd.math().moments(new String[]{batchMeanName(i), batchVarName(i)}, x,
                    new int[]{0, 2, 3}, false);
            SDVariable batchMean = new StopGradient(sd, moments[0]).outputVariable();
            SDVariable batchVar = new StopGradient(sd, moments[1]).outputVariable();
            // training = 1: batch statistics; 0: running statistics
            SDVariable mean = batchMean.mul(training).add(runMean.mul(notTraining));
            SDVariable var = batchVar.mul(training).add(runVar.mul(notTraining));
            y = sd.identity(name, new TrainingBatchNorm(sd, x, mean, var, gamma, beta, bn.eps()).outputVariable());
        } else {
            SDVariable batchMean = sd.mean(batchMeanName(i), x, 0, 2, 3);
            // Biased variance spelled out: the gradient function's copy of SameDiff's variance op
            // (M2.1) forgets biasCorrected=false and divides by n − 1.
            SDVariable centred = x.sub(sd.reshape(batchMean, 1, c, 1, 1));
            SDVariable batchVar = sd.mean(batchVarName(i), sd.math().square(centred), 0, 2, 3);
            SDVariable mean = batchMean.mul(training).add(runMean.mul(notTraining));
            SDVariable var = batchVar.mul(training).add(runVar.mul(notTraining));
            SDVariable inv = sd.math().rsqrt(var.add(bn.eps()));
            SDVariable scale = sd.reshape(gamma.mul(inv), 1, c, 1, 1);
            SDVariable shift = sd.reshape(beta.sub(mean.mul(inv).mul(gamma)), 1, c, 1, 1);
            y = x.mul(scale).add(name, shift);
        }
        batchNorms.put(i, new BatchNormState(bn.momentum(), Nd4j.zeros(dtype, c), Nd4j.ones(dtype, c)));
        return y;
    }

    private SDVariable param(List<CompiledLayer.Parameter> params, int layer, String role, long[] shape,
                             java.util.function.Consumer<INDArray> init) {
        String variable = "L" + layer + "_" + role;
        INDArray value = Nd4j.zeros(dtype, shape);
        if (init != null) {
            init.accept(value);
        }
        params.add(new CompiledLayer.Parameter(variable, layer + "." + role, shape));
        return sd.var(variable, value);
    }

    /**
     * PyTorch's {@code nn.init.xavier_uniform_}: U(±√(6/(fan_in + fan_out))), drawn as floats in row-major
     * order and written straight into the array in chunks: a Java copy of the book's AlexNet weights
     * (187 MB) grew the heap by that much for good.
     */
    private static java.util.function.Consumer<INDArray> xavier(SplittableRandom random, int fanIn, int fanOut) {
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        return a -> {
            long n = a.length();
            float[] chunk = new float[(int) Math.min(n, 1 << 16)];
            for (long from = 0; from < n; from += chunk.length) {
                int len = (int) Math.min(chunk.length, n - from);
                for (int k = 0; k < len; k++) {
                    chunk[k] = (float) random.nextDouble(-bound, bound);
                }
                if (a.dataType() == DataType.FLOAT) {
                    a.data().asNioFloat().put(Math.toIntExact(from), chunk, 0, len);
                } else {
                    java.nio.DoubleBuffer d = a.data().asNioDouble();
                    for (int k = 0; k < len; k++) {
                        d.put(Math.toIntExact(from + k), chunk[k]);
                    }
                }
            }
        };
    }

    private static long[] batchShape(Shape s) {
        long[] shape = new long[s.rank() + 1];
        shape[0] = -1;
        for (int k = 0; k < s.rank(); k++) {
            shape[k + 1] = s.dims().get(k);
        }
        return shape;
    }

    /** PyTorch's batch shape: n followed by the layer's dims. */
    static long[] withBatch(Shape s, int n) {
        long[] shape = batchShape(s);
        shape[0] = n;
        return shape;
    }

    static String maskName(int i) {
        return "L" + i + "_mask";
    }

    static String runningMeanName(int i) {
        return "L" + i + "_running_mean";
    }

    static String runningVarName(int i) {
        return "L" + i + "_running_var";
    }

    static String batchMeanName(int i) {
        return "L" + i + "_batch_mean";
    }

    static String batchVarName(int i) {
        return "L" + i + "_batch_var";
    }

    // ---------------------------------------------------------------- running

    /** Images (NCHW floats, n examples) as the input array. */
    INDArray inputArray(float[] images, int n) {
        Shape s = spec.input();
        long len = (long) n * s.elements();
        float[] data = images.length == len ? images : java.util.Arrays.copyOf(images, Math.toIntExact(len));
        INDArray arr = Nd4j.create(data, new long[]{n, s.channels(), s.height(), s.width()}, 'c');
        return dtype == DataType.FLOAT ? arr : arr.castTo(dtype);
    }

    INDArray oneHot(int[] labels, int n) {
        float[] y = new float[n * classes];
        for (int k = 0; k < n; k++) {
            if (labels[k] < 0 || labels[k] >= classes) {
                throw new IllegalArgumentException("label " + labels[k] + " outside 0.." + (classes - 1));
            }
            y[k * classes + labels[k]] = 1f;
        }
        INDArray arr = Nd4j.create(y, new long[]{n, classes}, 'c');
        return dtype == DataType.FLOAT ? arr : arr.castTo(dtype);
    }

    /** Placeholders other than input/labels: mode, masks and running statistics. */
    private Map<String, INDArray> feeds(INDArray input, boolean train, Map<Integer, INDArray> masks) {
        int n = (int) input.size(0);
        Map<String, INDArray> m = new HashMap<>();
        m.put(INPUT, input);
        m.put(TRAINING, Nd4j.scalar(dtype, train ? 1.0 : 0.0));
        for (CompiledLayer layer : layers) {
            int i = layer.index();
            if (dropouts.containsKey(i)) {
                INDArray mask = masks != null ? masks.get(i) : null;
                if (mask == null) {
                    mask = train ? dropoutMask(i, layer.input(), n) : ones(layer.input(), n);
                }
                m.put(maskName(i), mask);
            }
            BatchNormState bn = batchNorms.get(i);
            if (bn != null) {
                m.put(runningMeanName(i), bn.runningMean);
                m.put(runningVarName(i), bn.runningVar);
            }
        }
        return m;
    }

    /** Keep each value with probability 1 − p, scaled by 1/(1 − p) (inverted dropout, like PyTorch). */
    INDArray dropoutMask(int layer, Shape in, int n) {
        INDArray mask = Nd4j.createUninitialized(dtype, withBatch(in, n));
        fillDropoutMask(mask, dropouts.get(layer));
        return mask;
    }

    /** Draws a dropout mask into {@code mask} from ND4J's RNG (both training paths, so one seed gives one run). */
    static void fillDropoutMask(INDArray mask, double p) {
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1.0 - p), Nd4j.getRandom());
        mask.muli(1.0 / (1.0 - p));
    }

    private INDArray ones(Shape in, int n) {
        return onesCache.computeIfAbsent(in + "/" + n, k -> Nd4j.ones(dtype, withBatch(in, n)));
    }

    /** Forward + backward + optimizer update on one batch. */
    public StepResult trainStep(float[] images, int[] labels, int n, SgdOptimizer optimizer) {
        lock.lock();
        try {
            requireClasses();
            DirectStep direct = directStep();
            if (direct != null) {
                return direct.step(images, labels, n, optimizer);
            }
            ensureGradients();
            INDArray input = inputArray(images, n);
            INDArray oneHot = oneHot(labels, n);
            Map<Integer, INDArray> masks = trainingMasks(n);
            OutAndGrad result = forwardBackward(input, oneHot, masks);
            Map<String, INDArray> outs = result.getOutputs();
            double loss = outs.get(LOSS).getDouble(0);
            int correct = countCorrect(outs.get(logitsName), labels, n);
            if (Double.isFinite(loss)) {
                optimizer.step(this, result.getGradients());
                updateRunningStats(outs, input);
            }
            // ND4J frees off-heap buffers only when the GC collects their Java objects, and the heap
            // barely moves while off-heap memory grows by megabytes per step: without this, RSS
            // climbed past 8 GB in a minute of alexnet-mini training. Everything below is this step's own.
            boundArrayCaches();
            release(input);
            release(oneHot);
            masks.values().forEach(SameDiffNetwork::release);
            outs.values().forEach(SameDiffNetwork::release);
            result.getGradients().values().forEach(SameDiffNetwork::release);
            gc.maybeCollect();
            return new StepResult(loss, correct, n);
        } finally {
            lock.unlock();
        }
    }

    /** Running mean and variance of batch-norm layer {@code layer} (the live arrays; replaced on load). */
    INDArray[] runningStatistics(int layer) {
        BatchNormState st = batchNorms.get(layer);
        return new INDArray[]{st.runningMean, st.runningVar};
    }

    /** The direct-op training step when it is enabled and covers every layer; null: SameDiff trains. */
    DirectStep directStep() {
        if (!directEnabled) {
            return null;
        }
        if (direct == null) {
            direct = DirectStep.forNetwork(this, shardsOverride > 0 ? shardsOverride : DataParallel.shardsFor(this));
            if (direct == null) {
                directEnabled = false;
            }
        }
        return direct;
    }

    /**
     * Frees the training step's buffers (activations, gradients: ~0.7 GB for AlexNet at 224/128) and its
     * test buffers when a run has ended; a later step or test pass allocates them again.
     */
    public void releaseTrainingBuffers() {
        lock.lock();
        try {
            if (direct != null) {
                direct.release();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Chooses the training path for this network (tests, comparisons): true = direct ops when possible. */
    void useDirectStep(boolean enabled) {
        lock.lock();
        try {
            directEnabled = enabled;
            if (!enabled) {
                if (direct != null) {
                    direct.release();
                }
                direct = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** From the next step on, the direct step splits each batch into this many shards (1: none). */
    void useShards(int shards) {
        lock.lock();
        try {
            shardsOverride = Math.max(1, shards);
            if (direct != null) {
                direct.release();
            }
            direct = null;
        } finally {
            lock.unlock();
        }
    }

    /** Which path trains this network: "direct" (ops called one by one) or "samediff" (the graph executor). */
    public String engine() {
        lock.lock();
        try {
            return directStep() != null ? "direct" : "samediff";
        } finally {
            lock.unlock();
        }
    }

    /** How many shards the training step splits a batch into, one thread each (1: not split). */
    public int trainingShards() {
        lock.lock();
        try {
            DirectStep d = directStep();
            return d == null ? 1 : d.shards();
        } finally {
            lock.unlock();
        }
    }

    /** Fresh dropout masks for one training batch. */
    Map<Integer, INDArray> trainingMasks(int n) {
        Map<Integer, INDArray> masks = new HashMap<>();
        for (CompiledLayer layer : layers) {
            if (dropouts.containsKey(layer.index())) {
                masks.put(layer.index(), dropoutMask(layer.index(), layer.input(), n));
            }
        }
        return masks;
    }

    static void release(INDArray a) {
        if (a != null && !a.isView() && a.closeable() && !a.wasClosed()) {
            a.close();
        }
    }

    /** Outputs (loss, logits, batch statistics) and gradients of every parameter. */
    OutAndGrad forwardBackward(INDArray input, INDArray labels, Map<Integer, INDArray> masks) {
        ensureGradients();
        Map<String, INDArray> feeds = feeds(input, true, masks);
        feeds.put(LABELS, labels);
        List<String> outputs = new ArrayList<>(List.of(LOSS, logitsName));
        for (int i : batchNorms.keySet()) {
            outputs.add(batchMeanName(i));
            outputs.add(batchVarName(i));
        }
        List<String> grads = parameters.stream().map(CompiledLayer.Parameter::variable).toList();
        return sd.calculateGradientsAndOutputs(feeds, outputs, grads);
    }

    /** The training-mode loss with the given dropout masks, without touching any state (gradient checks). */
    double trainingLoss(INDArray input, INDArray labels, Map<Integer, INDArray> masks) {
        Map<String, INDArray> feeds = feeds(input, true, masks);
        feeds.put(LABELS, labels);
        return sd.output(feeds, LOSS).get(LOSS).getDouble(0);
    }

    /**
     * SameDiff keeps arrays freed during a step for reuse by later ops, up to a quarter of JavaCPP's
     * off-heap limit (3–5 GB here): most of the peak RSS of a small network. Each thread's sessions
     * (forward graph and gradient function) get a cache of {@link #arrayCacheBytes} instead; called
     * after every run because sessions appear on a thread's first call.
     */
    private void boundArrayCaches() {
        long thread = Thread.currentThread().getId();
        List<SameDiff> graphs = new ArrayList<>(List.of(sd));
        if (gradientsReady && sd.getFunction("grad") != null) {
            graphs.add(sd.getFunction("grad"));
        }
        for (SameDiff g : graphs) {
            InferenceSession session = g.getSessions().get(thread);
            if (session != null && !boundedCaches.contains(session.getMmgr())) {
                SessionMemMgr old = session.getMmgr();
                long limit = Math.max(1, Pointer.maxBytes());
                ArrayCacheMemoryMgr cache = new ArrayCacheMemoryMgr(
                        Math.min(0.25, Math.max(1e-12, (double) arrayCacheBytes() / limit)), 1024, 2.0);
                session.setMmgr(cache);
                boundedCaches.add(cache);
                old.close();
            }
        }
    }

    /** The per-session cache of freed arrays (-Dalexnet.arrayCacheMiB overrides, 0 = practically none). */
    static long arrayCacheBytes() {
        return Long.getLong("alexnet.arrayCacheMiB", DEFAULT_ARRAY_CACHE_MIB) << 20;
    }

    private void ensureGradients() {
        if (!gradientsReady) {
            // SameDiff prints one "Added differentiated op" line per op here.
            Quiet.run(sd::createGradFunction);
            gradientsReady = true;
        }
    }

    private void updateRunningStats(Map<String, INDArray> outs, INDArray input) {
        for (int i : batchNorms.keySet()) {
            Shape in = layers.get(i).input();
            updateRunningStats(i, outs.get(batchMeanName(i)), outs.get(batchVarName(i)),
                    input.size(0) * in.height() * in.width());
        }
    }

    /**
     * PyTorch's update: running = (1 − m)·running + m·batch, with the unbiased batch variance
     * ({@code count} values per channel). In place (axpy), for both training paths.
     */
    void updateRunningStats(int layer, INDArray batchMean, INDArray batchVar, long count) {
        BatchNormState s = batchNorms.get(layer);
        double unbias = count > 1 ? (double) count / (count - 1) : 1.0;
        if (smallOnHost(s.runningMean, batchMean) && smallOnHost(s.runningVar, batchVar)) {
            // A few dozen values: on the host, not four native calls (~40 µs each) per layer.
            moveTowards(s.runningMean, batchMean, s.momentum, 1.0);
            moveTowards(s.runningVar, batchVar, s.momentum, unbias);
            s.numBatchesTracked++;
            return;
        }
        s.runningMean.muli(1 - s.momentum);
        Nd4j.getBlasWrapper().level1().axpy(s.runningMean.length(), s.momentum, batchMean, s.runningMean);
        s.runningVar.muli(1 - s.momentum);
        Nd4j.getBlasWrapper().level1().axpy(s.runningVar.length(), s.momentum * unbias, batchVar, s.runningVar);
        s.numBatchesTracked++;
    }

    private static boolean smallOnHost(INDArray running, INDArray batch) {
        return Nd4j.getEnvironment().isCPU() && running.length() <= 4096 && running.length() == batch.length() && running.dataType() == batch.dataType()
                && (running.dataType() == DataType.FLOAT || running.dataType() == DataType.DOUBLE)
                && !running.isView() && !batch.isView() && running.offset() == 0 && batch.offset() == 0;
    }

    /** running ← (1 − m)·running + m·scale·batch, value by value through the host buffers. */
    private static void moveTowards(INDArray running, INDArray batch, double m, double scale) {
        int len = (int) running.length();
        if (running.dataType() == DataType.FLOAT) {
            java.nio.FloatBuffer r = running.data().asNioFloat();
            java.nio.FloatBuffer b = batch.data().asNioFloat();
            for (int k = 0; k < len; k++) {
                r.put(k, (float) ((1 - m) * r.get(k) + m * scale * b.get(k)));
            }
        } else {
            java.nio.DoubleBuffer r = running.data().asNioDouble();
            java.nio.DoubleBuffer b = batch.data().asNioDouble();
            for (int k = 0; k < len; k++) {
                r.put(k, (1 - m) * r.get(k) + m * scale * b.get(k));
            }
        }
    }

    private int countCorrect(INDArray logits, int[] labels, int n) {
        long[] predicted = logits.argMax(1).toLongVector(); // one host copy, not n getInt calls
        int correct = 0;
        for (int k = 0; k < n; k++) {
            if (predicted[k] == labels[k]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * Raw outputs (logits) for n images in test mode: [n][classes]. A network that trains through the
     * direct step also tests through it (its own preallocated buffers: no garbage, so no collection);
     * otherwise the graph runs.
     */
    public float[][] logits(float[] images, int n) {
        lock.lock();
        try {
            requireClasses();
            DirectStep direct = directStep();
            if (direct != null) {
                return direct.logits(images, n);
            }
            INDArray input = inputArray(images, n);
            INDArray out = sd.output(feeds(input, false, null), logitsName).get(logitsName);
            float[][] logits = out.castTo(DataType.FLOAT).toFloatMatrix();
            boundArrayCaches();
            release(input); // freed now rather than at some later GC (see trainStep)
            release(out);
            gc.maybeCollect();
            return logits;
        } finally {
            lock.unlock();
        }
    }

    /** Class probabilities (softmax of the logits) for n images in test mode: [n][classes]. */
    public float[][] predict(float[] images, int n) {
        float[][] logits = logits(images, n);
        for (float[] row : logits) {
            softmaxInPlace(row);
        }
        return logits;
    }

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

    /** Every layer's output for one image (test mode), in layer order. */
    public List<FeatureMap> featureMaps(float[] image) {
        lock.lock();
        try {
            String[] names = layers.stream().map(CompiledLayer::outputName).distinct().toArray(String[]::new);
            Map<String, INDArray> out = sd.output(feeds(inputArray(image, 1), false, null), names);
            List<FeatureMap> maps = new ArrayList<>();
            for (CompiledLayer l : layers) {
                INDArray a = out.get(l.outputName());
                maps.add(new FeatureMap(l.index(), l.spec().kind(), l.output(),
                        a.castTo(DataType.FLOAT).dup('c').data().asFloat()));
            }
            return maps;
        } finally {
            lock.unlock();
        }
    }

    /** Output arrays of the given layers for a batch in test mode (shape checks, feature maps). */
    Map<String, INDArray> forward(float[] images, int n, String... names) {
        lock.lock();
        try {
            return sd.output(feeds(inputArray(images, n), false, null), names);
        } finally {
            lock.unlock();
        }
    }

    /** Copies of every conv layer's current weights, [out, in, kh, kw]. */
    public List<ConvWeights> convWeights() {
        lock.lock();
        try {
            List<ConvWeights> out = new ArrayList<>();
            for (CompiledLayer l : layers) {
                if (l.spec() instanceof Conv2d) {
                    CompiledLayer.Parameter w = l.parameters().get(0);
                    long[] s = w.shape();
                    out.add(new ConvWeights(l.index(), (int) s[0], (int) s[1], (int) s[2], (int) s[3],
                            array(w.variable()).castTo(DataType.FLOAT).dup('c').data().asFloat()));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- state

    INDArray array(String variable) {
        return sd.getVariable(variable).getArr();
    }

    /** Replaces a parameter's values (same shape) in place. */
    void assign(String variable, INDArray value) {
        array(variable).assign(value);
    }

    /**
     * The PyTorch {@code state_dict}: parameters and batch-norm buffers in layer order, as copies.
     * {@code num_batches_tracked} is an int64 scalar.
     */
    public LinkedHashMap<String, INDArray> stateDict() {
        lock.lock();
        try {
            LinkedHashMap<String, INDArray> dict = new LinkedHashMap<>();
            for (CompiledLayer l : layers) {
                for (CompiledLayer.Parameter p : l.parameters()) {
                    dict.put(p.torchKey(), array(p.variable()).castTo(DataType.FLOAT).dup('c'));
                }
                BatchNormState bn = batchNorms.get(l.index());
                if (bn != null) {
                    dict.put(l.index() + ".running_mean", bn.runningMean.castTo(DataType.FLOAT).dup('c'));
                    dict.put(l.index() + ".running_var", bn.runningVar.castTo(DataType.FLOAT).dup('c'));
                    dict.put(l.index() + ".num_batches_tracked", Nd4j.scalar(DataType.LONG, bn.numBatchesTracked));
                }
            }
            return dict;
        } finally {
            lock.unlock();
        }
    }

    /** The keys and PyTorch shapes {@link #stateDict()} has, without copying anything. */
    public LinkedHashMap<String, long[]> stateDictShapes() {
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        for (CompiledLayer l : layers) {
            for (CompiledLayer.Parameter p : l.parameters()) {
                shapes.put(p.torchKey(), p.shape());
            }
            if (batchNorms.containsKey(l.index())) {
                long c = l.input().channels();
                shapes.put(l.index() + ".running_mean", new long[]{c});
                shapes.put(l.index() + ".running_var", new long[]{c});
                shapes.put(l.index() + ".num_batches_tracked", new long[0]);
            }
        }
        return shapes;
    }

    /**
     * Loads a {@link #stateDict()}: every key must be present with the same shape, and no others.
     *
     * @throws IllegalArgumentException naming the first missing, extra or mis-shaped key
     */
    public void loadStateDict(Map<String, INDArray> dict) {
        lock.lock();
        try {
            Map<String, long[]> expected = stateDictShapes();
            for (String key : dict.keySet()) {
                if (!expected.containsKey(key)) {
                    throw new IllegalArgumentException(TrainMessages.format("state.unexpectedKey", key));
                }
            }
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                INDArray v = dict.get(e.getKey());
                if (v == null) {
                    throw new IllegalArgumentException(TrainMessages.format("state.missingKey", e.getKey()));
                }
                if (!java.util.Arrays.equals(v.shape(), e.getValue())) {
                    throw new IllegalArgumentException(TrainMessages.format("state.wrongShape", e.getKey(),
                            java.util.Arrays.toString(v.shape()), java.util.Arrays.toString(e.getValue())));
                }
            }
            for (CompiledLayer l : layers) {
                for (CompiledLayer.Parameter p : l.parameters()) {
                    assign(p.variable(), dict.get(p.torchKey()).castTo(dtype));
                }
                BatchNormState bn = batchNorms.get(l.index());
                if (bn != null) {
                    bn.runningMean = dict.get(l.index() + ".running_mean").castTo(dtype).dup();
                    bn.runningVar = dict.get(l.index() + ".running_var").castTo(dtype).dup();
                    bn.numBatchesTracked = dict.get(l.index() + ".num_batches_tracked").getLong(0);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- facts

    public NetworkSpec spec() {
        return spec;
    }

    public NetworkAnalysis analysis() {
        return analysis;
    }

    public List<CompiledLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    public List<CompiledLayer.Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** Number of classes the output scores, 0 when the output is a feature map (forward only). */
    public int classes() {
        return classes;
    }

    public long parameterCount() {
        return parameters.stream().mapToLong(CompiledLayer.Parameter::size).sum();
    }

    DataType dataType() {
        return dtype;
    }

    String logitsName() {
        return logitsName;
    }

    ReentrantLock lock() {
        return lock;
    }

    Map<Integer, Double> dropoutLayers() {
        return Collections.unmodifiableMap(dropouts);
    }

    private void requireClasses() {
        if (classes == 0) {
            throw new NetworkBuildException(TrainMessages.format("network.outputNotFlat",
                    analysis.output().map(Shape::toString).orElse("?")));
        }
    }
}
