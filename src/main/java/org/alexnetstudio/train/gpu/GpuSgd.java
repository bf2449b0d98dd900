package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cublas.cublasSaxpy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSscal_v2;

import org.alexnetstudio.train.SgdOptimizer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * {@link SgdOptimizer}'s rule (PyTorch's SGD: g ← g + wd·w; v ← μ·v + g, v = g at first; w ← w − lr·v)
 * over the whole flat parameter array at once: at most four cuBLAS calls per step, whatever the network.
 * The momentum array is allocated at the first step with momentum and starts at zero, which makes its
 * first update v = g.
 */
final class GpuSgd implements AutoCloseable {

    private final GpuDevice device;
    private final GpuParameters parameters;
    private final int count;
    private final FloatPointer scalar = new FloatPointer(1);
    private FloatPointer velocity;
    /** Whether a step with momentum has run (the snapshot then carries the momentum buffers). */
    private boolean started;

    GpuSgd(GpuDevice device, GpuParameters parameters) {
        this.device = device;
        this.parameters = parameters;
        this.count = Math.toIntExact(parameters.layout.total());
    }

    void step(SgdOptimizer rule) {
        float wd = (float) rule.weightDecay();
        float mu = (float) rule.momentum();
        float lr = (float) rule.currentRate();
        FloatPointer w = parameters.weights;
        FloatPointer g = parameters.gradients;
        if (wd != 0) {
            axpy(wd, w, g);
        }
        FloatPointer direction = g;
        if (mu != 0) {
            FloatPointer v = velocity();
            scale(mu, v);
            axpy(1f, g, v);
            started = true;
            direction = v;
        }
        axpy(-lr, direction, w);
    }

    private void axpy(float alpha, FloatPointer x, FloatPointer y) {
        scalar.put(0, alpha);
        Cuda.checkCublas(cublasSaxpy_v2(device.cublas, count, scalar, x, 1, y, 1), "cublasSaxpy (SGD)");
    }

    private void scale(float alpha, FloatPointer x) {
        scalar.put(0, alpha);
        Cuda.checkCublas(cublasSscal_v2(device.cublas, count, scalar, x, 1), "cublasSscal (SGD)");
    }

    /** The momentum array, zeros when new. */
    FloatPointer velocity() {
        if (velocity == null) {
            velocity = Cuda.deviceFloats(count);
            device.zero(velocity, count);
        }
        return velocity;
    }

    boolean started() {
        return started;
    }

    /** After a restore: momentum given (started) or none (zeros, not started). */
    void setStarted(boolean started) {
        this.started = started;
        if (!started && velocity != null) {
            device.zero(velocity, count);
        }
    }

    boolean hasVelocity() {
        return velocity != null;
    }

    @Override
    public void close() {
        Cuda.free(velocity);
        velocity = null;
        scalar.close();
    }
}
