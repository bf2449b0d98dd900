package org.alexnetstudio.train.cpu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.Shape;

/**
 * Which buffers the training step and the test forward allocate, and their sizes, from each layer's
 * {@link LayerNeeds}: {@link TrainingBuffers} and {@link TestBuffers} allocate exactly this, and
 * {@link CpuBackend}'s memory estimate counts exactly this.
 *
 * <p>Training: one buffer per activation, except that a layer working in place shares its input's;
 * two gradient buffers used alternately from the loss back to the first layer (in-place kinds keep
 * the gradient where it is), each sized for what it will hold; each layer's own buffers; the shared
 * ones; labels and the loss's gradient. Test mode: two activation buffers used alternately (nothing is
 * kept for a backward pass) and each layer's own test buffers. Smaller batches use views of these.
 */
final class BufferPlan {

    private final List<Shape> inputs;
    private final List<Shape> outputs;
    private final List<LayerNeeds> needs;
    private final int classes;
    /** Activation k (input of layer k; k = layers: the logits) → its slot. */
    final int[] slotOfActivation;
    /** Values per example of each activation slot. */
    final long[] slotValues;
    /** Values per example of the two gradient buffers. */
    final long[] gradientValues = {1, 1};
    /** Values per example of the test forward's two activation buffers. */
    final long[] testValues;

    BufferPlan(List<Shape> inputs, List<Shape> outputs, List<LayerNeeds> needs, int classes) {
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.needs = List.copyOf(needs);
        this.classes = classes;
        int count = needs.size();
        slotOfActivation = new int[count + 1];
        long[] slots = new long[count + 1];
        slots[0] = inputs.get(0).elements();
        int used = 1;
        for (int k = 0; k < count; k++) {
            if (needs.get(k).forwardInPlace()) {
                slotOfActivation[k + 1] = slotOfActivation[k];
            } else {
                slotOfActivation[k + 1] = used;
                slots[used++] = outputs.get(k).elements();
            }
        }
        slotValues = java.util.Arrays.copyOf(slots, used);
        int where = -1;
        for (int k = count - 1; k >= 0; k--) {
            if (!needs.get(k).backwardInPlace()) {
                where = where == 0 ? 1 : 0;
                gradientValues[where] = Math.max(gradientValues[where], inputs.get(k).elements());
            }
        }
        testValues = new long[]{inputs.get(0).elements(), 1};
        int at = 0;
        for (int k = 0; k < count; k++) {
            if (!needs.get(k).testInPlace()) {
                at = 1 - at;
                testValues[at] = Math.max(testValues[at], outputs.get(k).elements());
            }
        }
    }

    int layers() {
        return needs.size();
    }

    LayerNeeds needs(int layer) {
        return needs.get(layer);
    }

    int classes() {
        return classes;
    }

    /** The shared buffers' sizes for a batch: each name as large as its largest request. */
    Map<String, LayerNeeds.Buffer> shared(int batch, boolean training) {
        Map<String, LayerNeeds.Buffer> largest = new LinkedHashMap<>();
        for (LayerNeeds n : needs) {
            for (LayerNeeds.Buffer b : training ? n.training() : n.test()) {
                if (b.scope() == LayerNeeds.Scope.SHARED) {
                    largest.merge(b.name(), b, (x, y) -> x.values(batch) >= y.values(batch) ? x : y);
                }
            }
        }
        return largest;
    }

    /** Values of every native training buffer for a batch (activations, gradients, own and shared buffers, labels). */
    long trainingValues(int batch) {
        return trainingValues(batch, true) + trainingValues(batch, false);
    }

    /**
     * The training buffers that hold a fixed number of values per example ({@code linear}: activations,
     * gradients, per-example buffers, labels), or the others (fixed sizes, chunked columns, scalars).
     */
    long trainingValues(int batch, boolean linear) {
        long total = linear ? 3L * classes * batch : 3;
        if (linear) {
            for (long v : slotValues) {
                total += v * batch;
            }
            total += (gradientValues[0] + gradientValues[1]) * batch;
        }
        return total + buffers(batch, true, linear);
    }

    /** Values of the Java arrays the training step keeps (the first conv's input and columns). */
    long hostValues(int batch) {
        long total = 0;
        for (LayerNeeds n : needs) {
            for (LayerNeeds.Buffer b : n.training()) {
                if (b.scope() == LayerNeeds.Scope.HOST) {
                    total += b.values(batch);
                }
            }
        }
        return total;
    }

    /** Values of the test forward's buffers for a batch. */
    long testValues(int batch) {
        return testValues(batch, true) + testValues(batch, false);
    }

    long testValues(int batch, boolean linear) {
        return (linear ? (testValues[0] + testValues[1]) * batch : 0) + buffers(batch, false, linear);
    }

    /** Native own and shared buffers of one kind (linear or not). */
    private long buffers(int batch, boolean training, boolean linear) {
        long total = 0;
        for (LayerNeeds n : needs) {
            for (LayerNeeds.Buffer b : training ? n.training() : n.test()) {
                if (b.scope() == LayerNeeds.Scope.LAYER && b.linear() == linear) {
                    total += b.values(batch);
                }
            }
        }
        for (LayerNeeds.Buffer b : shared(batch, training).values()) {
            if (b.linear() == linear) {
                total += b.values(batch);
            }
        }
        return total;
    }

    /** The largest activation's values per example. */
    long largestActivation() {
        long largest = inputs.get(0).elements();
        for (Shape s : outputs) {
            largest = Math.max(largest, s.elements());
        }
        return largest;
    }
}
