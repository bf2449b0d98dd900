package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.view;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The test-mode forward (batch norm with the running statistics, dropout off) on buffers of its own:
 * two activation buffers used alternately for the largest batch seen (test passes leave no garbage
 * and need no {@code System.gc()}), or one buffer per layer output when every activation is kept
 * (feature maps). Not split across shards: forward-only ops use the cores well on their own.
 */
final class TestForward {

    private final NetworkArrays arrays;
    private final List<LayerOps> ops;
    private final BufferPlan bufferPlan;
    private final boolean keepAll;
    private final Map<Integer, Plan> plans = new HashMap<>();
    private TestBuffers buffers;
    private Plan last;

    TestForward(NetworkArrays arrays, List<LayerOps> ops, BufferPlan bufferPlan, boolean keepAll) {
        this.arrays = arrays;
        this.ops = ops;
        this.bufferPlan = bufferPlan;
        this.keepAll = keepAll;
    }

    /** Views of the test buffers for batch size n and the forward ops on them. */
    private final class Plan {
        final int n;
        final INDArray[] activations;
        final List<Runnable> forward = new ArrayList<>();

        Plan(int n) {
            this.n = n;
            TestContext c = new TestContext(n, arrays, buffers);
            List<CompiledLayer> layers = arrays.layers();
            activations = new INDArray[layers.size() + 1];
            int where = 0;
            activations[0] = view(buffers.activations[0], Layouts.of(layers.get(0).input(), n));
            for (CompiledLayer l : layers) {
                int k = l.index();
                INDArray y;
                if (keepAll) {
                    y = view(buffers.activations[k + 1], Layouts.of(l.output(), n));
                } else {
                    if (!bufferPlan.needs(k).testInPlace()) {
                        where = 1 - where;
                    }
                    y = view(buffers.activations[where], Layouts.of(l.output(), n));
                }
                Runnable f = ops.get(k).test(c, activations[k], y);
                if (f != null) {
                    forward.add(f);
                }
                activations[k + 1] = y;
            }
        }
    }

    /** Runs the forward; the output [n, …] is a live view, overwritten by the next call. */
    INDArray run(float[] images, int n) {
        Plan p = plan(n);
        last = p;
        ImageInput.load(p.activations[0], arrays.layers().get(0).input(), images, 0, n);
        for (Runnable r : p.forward) {
            r.run();
        }
        return p.activations[p.activations.length - 1];
    }

    /** Logits [n][classes] as floats. */
    float[][] logits(float[] images, int n) {
        INDArray out = run(images, n);
        int classes = arrays.classes;
        float[][] result = new float[n][classes];
        if (out.dataType() == DataType.FLOAT) {
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

    /**
     * After {@link #run} with every activation kept: activation k (0 = the input, k = layer k − 1's
     * output) of example 0, as floats in PyTorch's C, H, W order.
     */
    float[] activation(int k, Shape shape) {
        INDArray a = last.activations[k];
        INDArray first = shape.isSpatial() ? a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).permute(2, 0, 1)
                : a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0));
        return first.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** After {@link #run} with every activation kept: activation k as computed (channels-last; tests). */
    INDArray keptActivation(int k) {
        return last.activations[k];
    }

    private Plan plan(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("batch size " + n);
        }
        if (buffers == null || n > buffers.batch) {
            plans.clear();
            if (buffers != null) {
                buffers.close();
            }
            List<Long> values = new ArrayList<>();
            values.add(arrays.layers().get(0).input().elements());
            for (CompiledLayer l : arrays.layers()) {
                values.add(l.output().elements());
            }
            buffers = new TestBuffers(bufferPlan, values, n, arrays.dtype, keepAll);
        }
        Plan p = plans.get(n);
        if (p == null) {
            if (plans.size() >= 2) {
                plans.clear(); // full test batch and one last batch at most
            }
            p = new Plan(n);
            plans.put(n, p);
        }
        return p;
    }

    long bytes() {
        return buffers == null ? 0 : buffers.bytes;
    }

    void release() {
        plans.clear();
        last = null;
        if (buffers != null) {
            buffers.close();
            buffers = null;
        }
    }
}
