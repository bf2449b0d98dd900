package org.alexnetstudio.train.gpu;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.train.StateDicts;
import org.alexnetstudio.train.Tensor;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A network's learned state on the device: every parameter in one flat array laid out by
 * {@link ParameterLayout} (so the SGD update is a few cuBLAS calls over all of it), the gradients in a
 * second array of the same layout, and the batch-norm running statistics. State crosses to the host only
 * as {@link Tensor}s under PyTorch's keys.
 */
final class GpuParameters implements AutoCloseable {

    final ParameterLayout layout;
    private final GpuDevice device;
    private final int layers;
    final FloatPointer weights;
    final FloatPointer gradients;
    private final FloatPointer runningBlock;
    private final RunningBuffers[] running;
    private final FloatPointer[][] parameterViews;
    private final FloatPointer[][] gradientViews;

    GpuParameters(GpuDevice device, ParameterLayout layout, int layers, long seed) {
        this.device = device;
        this.layout = layout;
        this.layers = layers;
        long total = layout.total();
        weights = Cuda.deviceFloats(total);
        FloatPointer g = null;
        FloatPointer r = null;
        try {
            g = Cuda.deviceFloats(total);
            long runningValues = 0;
            for (ParameterLayout.Running rs : layout.running()) {
                runningValues += 4L * rs.channels();
            }
            r = Cuda.deviceFloats(runningValues);
        } catch (RuntimeException e) {
            Cuda.free(weights);
            Cuda.free(g);
            throw e;
        }
        gradients = g;
        runningBlock = r;
        running = new RunningBuffers[layers];
        long at = 0;
        for (ParameterLayout.Running rs : layout.running()) {
            running[rs.layer()] = new RunningBuffers(rs.layer(), rs.channels(), rs.momentum(), Cuda.at(runningBlock, at));
            at += 4L * rs.channels();
        }
        parameterViews = new FloatPointer[layers][];
        gradientViews = new FloatPointer[layers][];
        for (int k = 0; k < layers; k++) {
            List<ParameterLayout.Entry> own = layout.ofLayer(k);
            parameterViews[k] = new FloatPointer[own.size()];
            gradientViews[k] = new FloatPointer[own.size()];
            for (ParameterLayout.Entry e : own) {
                parameterViews[k][e.index()] = Cuda.at(weights, e.offset());
                gradientViews[k][e.index()] = Cuda.at(gradients, e.offset());
            }
        }
        initialise(seed);
    }

    /** The book's initialisation (identical to the CPU backend's for one seed); running mean 0, variance 1. */
    private void initialise(long seed) {
        int chunk = 1 << 20;
        FloatPointer host = Cuda.pinnedFloats(Math.min(chunk, Math.max(1, layout.total())));
        try {
            layout.initialise(seed, chunk, (offset, values) -> {
                host.put(values, 0, values.length);
                device.upload(Cuda.at(weights, offset), host, values.length);
                device.sync(); // the staging buffer is refilled next
            });
        } finally {
            Cuda.freePinned(host);
        }
        for (RunningBuffers rb : running) {
            if (rb != null) {
                float[] ones = new float[rb.channels];
                Arrays.fill(ones, 1f);
                device.zero(rb.mean(), rb.channels);
                device.put(rb.var(), ones, 0, rb.channels);
                rb.numBatchesTracked = 0;
            }
        }
        device.sync();
    }

    FloatPointer[] parameters(int layer) {
        return parameterViews[layer];
    }

    FloatPointer[] gradients(int layer) {
        return gradientViews[layer];
    }

    RunningBuffers running(int layer) {
        return running[layer];
    }

    /** Every batch-norm layer takes the statistics its last forward computed. */
    void commitRunning() {
        for (RunningBuffers rb : running) {
            if (rb != null) {
                rb.commit();
            }
        }
    }

    LinkedHashMap<String, long[]> stateDictShapes() {
        return layout.stateDictShapes(layers);
    }

    /** Host copies under PyTorch's keys: parameters, running statistics, num_batches_tracked (int64). */
    LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> dict = new LinkedHashMap<>();
        for (int k = 0; k < layers; k++) {
            for (ParameterLayout.Entry e : layout.ofLayer(k)) {
                dict.put(e.key(), Tensor.of(device.get(Cuda.at(weights, e.offset()), e.size()), e.shape()));
            }
            RunningBuffers rb = running[k];
            if (rb != null) {
                dict.put(k + ".running_mean", Tensor.of(device.get(rb.mean(), rb.channels), rb.channels));
                dict.put(k + ".running_var", Tensor.of(device.get(rb.var(), rb.channels), rb.channels));
                dict.put(k + ".num_batches_tracked", Tensor.scalar(rb.numBatchesTracked));
            }
        }
        return dict;
    }

    /** Host copies of an array of this layout (gradients, momentum), by parameter key, one tensor at a time. */
    LinkedHashMap<String, Tensor> byKey(FloatPointer array) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (ParameterLayout.Entry e : layout.entries()) {
            out.put(e.key(), Tensor.of(device.get(Cuda.at(array, e.offset()), e.size()), e.shape()));
        }
        return out;
    }

    /** Checks every key and shape first (nothing changes when one is wrong), then uploads. */
    void loadStateDict(Map<String, Tensor> dict) {
        StateDicts.requireShapes(dict, stateDictShapes());
        for (ParameterLayout.Entry e : layout.entries()) {
            float[] values = floats(dict.get(e.key()));
            device.put(Cuda.at(weights, e.offset()), values, 0, values.length);
        }
        for (RunningBuffers rb : running) {
            if (rb != null) {
                float[] mean = floats(dict.get(rb.layer + ".running_mean"));
                float[] var = floats(dict.get(rb.layer + ".running_var"));
                device.put(rb.mean(), mean, 0, mean.length);
                device.put(rb.var(), var, 0, var.length);
                rb.numBatchesTracked = (long) dict.get(rb.layer + ".num_batches_tracked").get(0);
            }
        }
    }

    /** Uploads tensors by key into an array of this layout; keys not given become zeros. */
    void loadByKey(FloatPointer array, Map<String, Tensor> values) {
        device.zero(array, layout.total());
        for (ParameterLayout.Entry e : layout.entries()) {
            Tensor t = values.get(e.key());
            if (t != null) {
                float[] f = floats(t);
                device.put(Cuda.at(array, e.offset()), f, 0, f.length);
            }
        }
        device.sync();
    }

    private static float[] floats(Tensor t) {
        if (!t.isLong()) {
            return t.floats();
        }
        long[] v = t.longs();
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            f[k] = v[k];
        }
        return f;
    }

    @Override
    public void close() {
        Cuda.free(weights);
        Cuda.free(gradients);
        Cuda.free(runningBlock);
    }
}
