package org.alexnetstudio.train.gpu;

import org.alexnetstudio.model.Shape;
import org.bytedeco.javacpp.FloatPointer;

/**
 * What one layer's ops work with in one plan: the device, the batch size and mode, its input and output
 * buffers and their gradients, its parameters and their gradients, its scratch, and the plan's
 * descriptors (destroyed with the plan).
 */
final class LayerContext {

    final GpuDevice device;
    final Mode mode;
    final int n;
    final int index;
    final Shape in;
    final Shape out;
    final FloatPointer x;
    final FloatPointer y;
    /** The gradient of the loss with respect to y (backward modes), else null. */
    final FloatPointer dy;
    /** Where the input's gradient goes (backward modes), else null. */
    final FloatPointer dx;
    /** False: nothing reads the input's gradient (the first layer with parameters), so it may be skipped. */
    private final boolean inputGradient;
    final FloatPointer[] parameters;
    final FloatPointer[] gradients;
    final RunningBuffers running;
    final FloatPointer scratch;
    final Descriptors descriptors;
    final DropoutSource dropout;

    LayerContext(GpuDevice device, Mode mode, int n, int index, Shape in, Shape out, FloatPointer x, FloatPointer y,
                 FloatPointer dy, FloatPointer dx, boolean inputGradient, FloatPointer[] parameters, FloatPointer[] gradients,
                 RunningBuffers running, FloatPointer scratch, Descriptors descriptors, DropoutSource dropout) {
        this.device = device;
        this.mode = mode;
        this.n = n;
        this.index = index;
        this.in = in;
        this.out = out;
        this.x = x;
        this.y = y;
        this.dy = dy;
        this.dx = dx;
        this.inputGradient = inputGradient;
        this.parameters = parameters;
        this.gradients = gradients;
        this.running = running;
        this.scratch = scratch;
        this.descriptors = descriptors;
        this.dropout = dropout;
    }

    /** Values in the input (n examples). */
    long inputValues() {
        return n * in.elements();
    }

    long outputValues() {
        return n * out.elements();
    }

    /** Whether the backward must compute the input's gradient. */
    boolean inputGradient() {
        return inputGradient;
    }
}
