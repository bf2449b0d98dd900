package org.alexnetstudio.train.gpu;

import java.util.List;
import org.alexnetstudio.model.Shape;

/**
 * Where a plan's buffers lie in its one device allocation, for a batch of up to {@code capacity} examples:
 * the activations (each layer's own output in training and explanations, whose backward reads them; two
 * alternating buffers in test mode), two alternating gradient buffers, and each layer's scratch. A plan for
 * a smaller batch uses the same offsets. Pure arithmetic: the memory estimate reads it too.
 */
final class PlanLayout {

    final Mode mode;
    final int capacity;
    /** Offset (floats) of activation k (k = 0: the input; k + 1: layer k's output). */
    final long[] activation;
    /** Offsets of the two gradient buffers (−1 in test mode). */
    final long gradientA;
    final long gradientB;
    /** Offset of each layer's scratch. */
    final long[] scratch;
    final long total;
    /** The largest activation per example, in values. */
    final long largest;

    PlanLayout(List<GpuLayer> layers, List<Shape> inputs, List<Shape> outputs, Mode mode, int capacity) {
        this.mode = mode;
        this.capacity = capacity;
        int count = layers.size();
        long most = inputs.get(0).elements();
        for (Shape s : outputs) {
            most = Math.max(most, s.elements());
        }
        largest = most;
        activation = new long[count + 1];
        scratch = new long[count];
        long offset = 0;
        if (mode == Mode.TEST) {
            long a = 0;
            long b = capacity * most;
            offset = 2 * capacity * most;
            activation[0] = a;
            for (int k = 0; k < count; k++) {
                activation[k + 1] = layers.get(k).outputIsInput(mode) ? activation[k] : activation[k] == a ? b : a;
            }
            gradientA = -1;
            gradientB = -1;
        } else {
            activation[0] = 0;
            offset = capacity * inputs.get(0).elements();
            for (int k = 0; k < count; k++) {
                if (layers.get(k).outputIsInput(mode)) {
                    activation[k + 1] = activation[k];
                } else {
                    activation[k + 1] = offset;
                    offset += capacity * outputs.get(k).elements();
                }
            }
            gradientA = offset;
            gradientB = offset + capacity * most;
            offset += 2 * capacity * most;
        }
        for (int k = 0; k < count; k++) {
            scratch[k] = offset;
            offset += layers.get(k).scratchFloats(capacity, mode);
        }
        total = offset;
    }

    long bytes() {
        return total * Float.BYTES;
    }
}
