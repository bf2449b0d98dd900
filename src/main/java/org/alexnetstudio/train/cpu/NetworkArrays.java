package org.alexnetstudio.train.cpu;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.NetworkBuildException;
import org.alexnetstudio.train.StateDicts;
import org.alexnetstudio.train.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's state on the CPU backend: its layers with their shapes, the parameter arrays in
 * PyTorch's layouts (initialised as the book does) and the batch-norm running statistics, with
 * conversion to and from the {@code state_dict}. Parameter arrays are updated in place and never
 * replaced, so ops built on them stay valid.
 */
final class NetworkArrays {

    final NetworkSpec spec;
    final NetworkAnalysis analysis;
    final DataType dtype;
    /** Number of classes the output scores, 0 when the output is a feature map (forward only). */
    final int classes;
    private final List<CompiledLayer> layers = new ArrayList<>();
    private final List<CompiledLayer.Parameter> parameters = new ArrayList<>();
    private final Map<String, INDArray> arrays = new LinkedHashMap<>();
    private final Map<Integer, RunningStatistics> norms = new LinkedHashMap<>();

    /**
     * Xavier-uniform weights drawn from {@code seed} in layer order (PyTorch's {@code xavier_uniform_}),
     * zero biases, γ = 1, β = 0, running mean 0 and variance 1.
     *
     * @param states  what each layer keeps (from its kind's {@link LayerOps#state()}), in layer order
     */
    NetworkArrays(NetworkSpec spec, long seed, DataType dtype, List<ParameterSpec.LayerState> states) {
        this.spec = spec;
        this.analysis = spec.analyze();
        this.dtype = dtype;
        if (!analysis.isValid()) {
            throw new NetworkBuildException(String.join("\n", analysis.errorMessages()));
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (LayerReport r : analysis.layers()) {
            int i = r.index();
            ParameterSpec.LayerState state = states.get(i);
            List<CompiledLayer.Parameter> params = new ArrayList<>();
            for (ParameterSpec p : state.parameters()) {
                param(params, i, p.role(), p.shape(), switch (p.init()) {
                    case XAVIER -> xavier(random, p.fanIn(), p.fanOut());
                    case ONES -> a -> a.assign(1);
                    case ZEROS -> null;
                });
            }
            if (state.runningChannels() > 0) {
                int c = state.runningChannels();
                norms.put(i, new RunningStatistics(state.runningMomentum(), Nd4j.zeros(dtype, c), Nd4j.ones(dtype, c)));
            }
            parameters.addAll(params);
            layers.add(new CompiledLayer(i, r.layer(), r.input(), r.output(), params));
        }
        Shape out = analysis.output().orElseThrow();
        classes = out.isSpatial() ? 0 : out.features();
    }

    private void param(List<CompiledLayer.Parameter> params, int layer, String role, long[] shape,
                       Consumer<INDArray> init) {
        String variable = "L" + layer + "_" + role;
        INDArray value = Nd4j.zeros(dtype, shape);
        if (init != null) {
            init.accept(value);
        }
        params.add(new CompiledLayer.Parameter(variable, layer + "." + role, shape));
        arrays.put(variable, value);
    }

    /**
     * PyTorch's {@code nn.init.xavier_uniform_}: U(±√(6/(fan_in + fan_out))), drawn as floats in row-major
     * order and written straight into the array in chunks: a Java copy of the book's AlexNet weights
     * (187 MB) grew the heap by that much for good.
     */
    static Consumer<INDArray> xavier(SplittableRandom random, int fanIn, int fanOut) {
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
                    DoubleBuffer d = a.data().asNioDouble();
                    for (int k = 0; k < len; k++) {
                        d.put(Math.toIntExact(from + k), chunk[k]);
                    }
                }
            }
        };
    }

    List<CompiledLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    List<CompiledLayer.Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** A parameter's live array. */
    INDArray array(String variable) {
        return arrays.get(variable);
    }

    /** Replaces a parameter's values (same shape) in place. */
    void assign(String variable, INDArray value) {
        arrays.get(variable).assign(value);
    }

    /** The running statistics of batch-norm layer {@code layer}, or null. */
    RunningStatistics runningStatistics(int layer) {
        return norms.get(layer);
    }

    long parameterCount() {
        return parameters.stream().mapToLong(CompiledLayer.Parameter::size).sum();
    }

    /** The PyTorch {@code state_dict}: float32 copies in layer order; {@code num_batches_tracked} int64. */
    LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> dict = new LinkedHashMap<>();
        for (CompiledLayer l : layers) {
            for (CompiledLayer.Parameter p : l.parameters()) {
                dict.put(p.torchKey(), tensor(arrays.get(p.variable())));
            }
            RunningStatistics bn = norms.get(l.index());
            if (bn != null) {
                dict.put(l.index() + ".running_mean", tensor(bn.mean));
                dict.put(l.index() + ".running_var", tensor(bn.var));
                dict.put(l.index() + ".num_batches_tracked", Tensor.scalar(bn.numBatchesTracked));
            }
        }
        return dict;
    }

    LinkedHashMap<String, long[]> stateDictShapes() {
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        for (CompiledLayer l : layers) {
            for (CompiledLayer.Parameter p : l.parameters()) {
                shapes.put(p.torchKey(), p.shape());
            }
            if (norms.containsKey(l.index())) {
                long c = l.input().channels();
                shapes.put(l.index() + ".running_mean", new long[]{c});
                shapes.put(l.index() + ".running_var", new long[]{c});
                shapes.put(l.index() + ".num_batches_tracked", new long[0]);
            }
        }
        return shapes;
    }

    /** Loads a state_dict after checking every key and shape (nothing changes when one is wrong). */
    void loadStateDict(Map<String, Tensor> dict) {
        StateDicts.requireShapes(dict, stateDictShapes());
        for (CompiledLayer l : layers) {
            for (CompiledLayer.Parameter p : l.parameters()) {
                arrays.get(p.variable()).assign(array(dict.get(p.torchKey()), dtype));
            }
            RunningStatistics bn = norms.get(l.index());
            if (bn != null) {
                bn.mean = array(dict.get(l.index() + ".running_mean"), dtype);
                bn.var = array(dict.get(l.index() + ".running_var"), dtype);
                bn.numBatchesTracked = (long) dict.get(l.index() + ".num_batches_tracked").get(0);
            }
        }
    }

    /** A float32 host copy of an array. */
    static Tensor tensor(INDArray a) {
        if (a.dataType() == DataType.FLOAT && !a.isView() && a.ordering() == 'c' && a.offset() == 0
                && a.data().length() == a.length()) {
            float[] values = new float[Math.toIntExact(a.length())];
            a.data().asNioFloat().get(0, values); // straight from the host buffer, no native copy
            return Tensor.of(values, a.shape());
        }
        return Tensor.of(a.castTo(DataType.FLOAT).dup('c').data().asFloat(), a.shape());
    }

    /** A new array of the given type holding a tensor's values. */
    static INDArray array(Tensor t, DataType dtype) {
        if (t.isLong()) {
            long[] v = t.longs();
            float[] f = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                f[k] = v[k];
            }
            return Nd4j.create(f, t.shape(), 'c').castTo(dtype);
        }
        INDArray a = Nd4j.create(t.floats().clone(), t.shape(), 'c');
        return dtype == DataType.FLOAT ? a : a.castTo(dtype);
    }
}
