package org.alexnetstudio.train.gpu;

import java.util.List;
import org.alexnetstudio.model.LayerReport;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Every layer's ops for one batch size and {@link Mode}, on views of one device allocation laid out by a
 * {@link PlanLayout} (shared by the plans of smaller batches). Built once; run by {@code GpuNetwork} layer
 * by layer, so that explanations and feature maps can read any layer's buffers between layers.
 */
final class GpuPlan implements AutoCloseable {

    final int n;
    final Mode mode;
    final FloatPointer input;
    /** Activation k: the input (0) or layer k − 1's output. */
    final FloatPointer[] activations;
    final FloatPointer logits;
    /** Where the backward starts: the gradient with respect to the logits (backward modes). */
    final FloatPointer logitsGradient;
    /** The gradient with respect to each layer's output, as the backward reads it (backward modes). */
    final FloatPointer[] outputGradients;
    /** The gradient with respect to the input (explanations), else null. */
    final FloatPointer inputGradient;
    final Runnable[] forward;
    /** Per layer; null where nothing runs (and for every layer before the first trained one in training). */
    final Runnable[] backward;
    private final Descriptors descriptors = new Descriptors();

    /**
     * @param arena         the allocation the layout's offsets are in (capacity ≥ n)
     * @param firstTrained  the first layer with parameters: in training nothing before it runs backward, and
     *                      it skips its input's gradient
     */
    GpuPlan(GpuDevice device, List<GpuLayer> layers, List<LayerReport> reports, PlanLayout layout, FloatPointer arena,
            int n, GpuParameters parameters, DropoutSource dropout, int firstTrained) {
        this.n = n;
        this.mode = layout.mode;
        int count = layers.size();
        activations = new FloatPointer[count + 1];
        for (int k = 0; k <= count; k++) {
            activations[k] = Cuda.at(arena, layout.activation[k]);
        }
        input = activations[0];
        logits = activations[count];
        forward = new Runnable[count];
        backward = new Runnable[count];
        outputGradients = new FloatPointer[count];
        boolean backwardMode = mode.backward();
        FloatPointer a = backwardMode ? Cuda.at(arena, layout.gradientA) : null;
        FloatPointer b = backwardMode ? Cuda.at(arena, layout.gradientB) : null;
        logitsGradient = a;
        // Backward from the logits: g starts in buffer a and alternates (a view passes it through).
        FloatPointer[] dy = new FloatPointer[count];
        FloatPointer[] dx = new FloatPointer[count];
        FloatPointer g = a;
        for (int k = count - 1; k >= 0 && backwardMode; k--) {
            dy[k] = g;
            if (layers.get(k).gradientPassesThrough(mode)) {
                dx[k] = g;
            } else {
                dx[k] = g == a ? b : a;
                g = dx[k];
            }
        }
        inputGradient = mode == Mode.EXPLAIN ? g : null;
        try {
            for (int k = 0; k < count; k++) {
                LayerReport r = reports.get(k);
                boolean needInput = mode == Mode.EXPLAIN || k > firstTrained;
                LayerContext c = new LayerContext(device, mode, n, k, r.input(), r.output(), activations[k],
                        activations[k + 1], dy[k], dx[k], needInput, parameters.parameters(k), parameters.gradients(k),
                        parameters.running(k), Cuda.at(arena, layout.scratch[k]), descriptors, dropout);
                GpuOps ops = layers.get(k).ops(c);
                String what = "layer " + k + " (" + r.layer().kind() + ", " + mode + ", batch " + n + ")";
                forward[k] = checked(device, ops.forward(), what + " forward");
                outputGradients[k] = dy[k];
                boolean runs = backwardMode && (mode == Mode.EXPLAIN || k >= firstTrained);
                backward[k] = runs && ops.backward() != null ? checked(device, ops.backward(), what + " backward") : null;
            }
        } catch (RuntimeException e) {
            descriptors.close();
            throw e;
        }
    }

    /**
     * With {@code -D}{@value #DEBUG_SYNC}{@code =true}, each op waits for the GPU and names itself when the
     * GPU reports an error (a kernel's fault otherwise surfaces at the step's next synchronisation, nameless).
     */
    static final String DEBUG_SYNC = "alexnet.gpu.debugSync";

    private static Runnable checked(GpuDevice device, Runnable op, String what) {
        if (!Boolean.getBoolean(DEBUG_SYNC)) {
            return op;
        }
        return () -> {
            try {
                op.run();
                device.sync();
            } catch (CudaException e) {
                throw new CudaException(what + ": " + e.getMessage());
            }
        };
    }

    @Override
    public void close() {
        descriptors.close();
    }
}
