package org.alexnetstudio.train.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.SgdOptimizer;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.enums.PadMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The test oracle: a {@link NetworkSpec} compiled into an ND4J SameDiff graph (NCHW, PyTorch layouts)
 * whose gradients come from SameDiff's automatic differentiation, with the book's initialisation (the
 * same draws as {@link NetworkArrays}), a training step and test-mode outputs. The CPU backend's
 * hand-written ops are held equal to it (docs/decisions/0003-engine-structure.md); it is not part of the app.
 *
 * <p>Train/test behaviour (dropout, batch norm) is switched by the {@code training} placeholder, so
 * one graph serves both. Dropout masks are drawn in Java-side ND4J and fed in, because SameDiff's own
 * dropout ops have no gradient.
 */
final class SameDiffNetwork {

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
    private final Map<Integer, RunningStatistics> batchNorms = new LinkedHashMap<>();
    private final Map<Integer, Double> dropouts = new LinkedHashMap<>();
    private final Map<String, INDArray> onesCache = new HashMap<>();
    private final String logitsName;
    private final int classes; // 0 when the output is not a flat vector: forward only
    private final boolean fusedBatchNorm;
    private boolean gradientsReady;

    private final CpuSgd sgd = new CpuSgd();
    private final Map<Integer, String> outputNames = new HashMap<>();

    private SameDiffNetwork(NetworkSpec spec, long seed, DataType dtype, boolean fusedBatchNorm) {
        this.spec = spec;
        this.fusedBatchNorm = fusedBatchNorm;
        this.analysis = spec.analyze();
        this.dtype = dtype;
        if (!analysis.isValid()) {
            throw new IllegalArgumentException(String.join("\n", analysis.errorMessages()));
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
    static SameDiffNetwork build(NetworkSpec spec, long seed) {
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
            SDVariable w = param(params, i, "weight", wShape, NetworkArrays.xavier(random, fanIn, fanOut));
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
            SDVariable w = param(params, i, "weight", wShape, NetworkArrays.xavier(random, in.features(), l.outFeatures()));
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
            throw new IllegalArgumentException("unsupported layer " + layer.kind());
        }
        parameters.addAll(params);
        layers.add(new CompiledLayer(i, layer, in, out, params));
        outputNames.put(i, y.name());
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
        batchNorms.put(i, new RunningStatistics(bn.momentum(), Nd4j.zeros(dtype, c), Nd4j.ones(dtype, c)));
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
            RunningStatistics bn = batchNorms.get(i);
            if (bn != null) {
                m.put(runningMeanName(i), bn.mean);
                m.put(runningVarName(i), bn.var);
            }
        }
        return m;
    }

    /** Keep each value with probability 1 − p, scaled by 1/(1 − p) (inverted dropout, like PyTorch). */
    INDArray dropoutMask(int layer, Shape in, int n) {
        INDArray mask = Nd4j.createUninitialized(dtype, withBatch(in, n));
        DropoutOps.fill(mask, dropouts.get(layer));
        return mask;
    }


    private INDArray ones(Shape in, int n) {
        return onesCache.computeIfAbsent(in + "/" + n, k -> Nd4j.ones(dtype, withBatch(in, n)));
    }

    /** Forward + backward + SGD update + running statistics on one batch, through the graph. */
    Network.StepResult trainStep(float[] images, int[] labels, int n, SgdOptimizer optimizer) {
        requireClasses();
        INDArray input = inputArray(images, n);
        INDArray oneHot = oneHot(labels, n);
        Map<Integer, INDArray> masks = trainingMasks(n);
        OutAndGrad result = forwardBackward(input, oneHot, masks);
        Map<String, INDArray> outs = result.getOutputs();
        double loss = outs.get(LOSS).getDouble(0);
        int correct = countCorrect(outs.get(logitsName), labels, n);
        if (Double.isFinite(loss)) {
            sgd.step(optimizer, parameters, this::array, result.getGradients());
            for (int i : batchNorms.keySet()) {
                Shape in = layers.get(i).input();
                batchNorms.get(i).update(outs.get(batchMeanName(i)), outs.get(batchVarName(i)),
                        (long) n * in.height() * in.width());
            }
        }
        return new Network.StepResult(loss, correct, n);
    }

    /** Running mean and variance of batch-norm layer {@code layer} (the live arrays). */
    INDArray[] runningStatistics(int layer) {
        RunningStatistics st = batchNorms.get(layer);
        return new INDArray[]{st.mean, st.var};
    }

    /** Takes the engine's parameters and running statistics (in this graph's precision, exactly). */
    void copyFrom(NetworkArrays arrays) {
        for (CompiledLayer.Parameter p : parameters) {
            assign(p.variable(), arrays.array(p.variable()));
        }
        batchNorms.forEach((i, st) -> {
            RunningStatistics from = arrays.runningStatistics(i);
            st.mean = from.mean.dup();
            st.var = from.var.dup();
            st.numBatchesTracked = from.numBatchesTracked;
        });
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

    private void ensureGradients() {
        if (!gradientsReady) {
            // SameDiff prints one "Added differentiated op" line per op here.
            Quiet.run(sd::createGradFunction);
            gradientsReady = true;
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

    /** Raw outputs (logits) for n images in test mode, through the graph: [n][classes]. */
    float[][] logits(float[] images, int n) {
        requireClasses();
        INDArray out = sd.output(feeds(inputArray(images, n), false, null), logitsName).get(logitsName);
        return out.castTo(DataType.FLOAT).toFloatMatrix();
    }

    /** Output arrays of the given layers for a batch in test mode (shape checks, feature maps). */
    Map<String, INDArray> forward(float[] images, int n, String... names) {
        return sd.output(feeds(inputArray(images, n), false, null), names);
    }

    // ---------------------------------------------------------------- state

    INDArray array(String variable) {
        return sd.getVariable(variable).getArr();
    }

    /** Replaces a parameter's values (same shape) in place. */
    void assign(String variable, INDArray value) {
        array(variable).assign(value);
    }

    /** The PyTorch {@code state_dict} as float32 copies, in layer order (comparisons). */
    LinkedHashMap<String, INDArray> stateDict() {
        LinkedHashMap<String, INDArray> dict = new LinkedHashMap<>();
        for (CompiledLayer l : layers) {
            for (CompiledLayer.Parameter p : l.parameters()) {
                dict.put(p.torchKey(), array(p.variable()).castTo(DataType.FLOAT).dup('c'));
            }
            RunningStatistics bn = batchNorms.get(l.index());
            if (bn != null) {
                dict.put(l.index() + ".running_mean", bn.mean.castTo(DataType.FLOAT).dup('c'));
                dict.put(l.index() + ".running_var", bn.var.castTo(DataType.FLOAT).dup('c'));
                dict.put(l.index() + ".num_batches_tracked", Nd4j.scalar(DataType.LONG, bn.numBatchesTracked));
            }
        }
        return dict;
    }

    // ---------------------------------------------------------------- facts

    NetworkSpec spec() {
        return spec;
    }

    List<CompiledLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    List<CompiledLayer.Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** Number of classes the output scores, 0 when the output is a feature map (forward only). */
    int classes() {
        return classes;
    }

    String outputName(int layer) {
        return outputNames.get(layer);
    }

    DataType dataType() {
        return dtype;
    }

    String logitsName() {
        return logitsName;
    }

    private void requireClasses() {
        if (classes == 0) {
            throw new IllegalStateException("the output is not a flat vector of class scores");
        }
    }
}
