package org.alexnetstudio.train;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stochastic gradient descent with PyTorch's semantics ({@code torch.optim.SGD}, dampening 0,
 * no Nesterov): g ← g + wd·w; v ← μ·v + g (v = g on the first step); w ← w − lr·v.
 * Weight decay applies to every parameter, as in the book.
 */
public final class SgdOptimizer {

    private final double learningRate;
    private double currentRate;
    private final double momentum;
    private final double weightDecay;
    private final Map<String, INDArray> velocity = new ConcurrentHashMap<>(); // parts may add theirs at once

    public SgdOptimizer(double learningRate, double momentum, double weightDecay) {
        this.learningRate = learningRate;
        this.currentRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    void step(SameDiffNetwork net, Map<String, INDArray> gradients) {
        step(net, gradients, 0, 1);
    }

    /**
     * The update of the parameters whose index modulo {@code parts} is {@code part}: threads that each
     * take one part update all parameters together (a batch split into shards, {@link DataParallel}).
     */
    void step(SameDiffNetwork net, Map<String, INDArray> gradients, int part, int parts) {
        List<CompiledLayer.Parameter> parameters = net.parameters();
        for (int i = part; i < parameters.size(); i += parts) {
            CompiledLayer.Parameter p = parameters.get(i);
            INDArray w = net.array(p.variable());
            INDArray g = gradients.get(p.variable());
            if (g == null) {
                continue; // a parameter the loss does not reach has no gradient
            }
            // In place (axpy) so that a step allocates nothing: AlexNet's gradients are 187 MB.
            // The gradient arrays are this step's own (fresh from SameDiff), so they may be overwritten.
            INDArray v0 = velocity.get(p.variable());
            if (HostLoop.fits(w, g, v0)) {
                if (momentum != 0 && v0 == null) {
                    v0 = Nd4j.createUninitialized(g.dataType(), g.shape());
                    velocity.put(p.variable(), v0);
                    HostLoop.update(w, g, v0, weightDecay, 0, currentRate, true);
                } else {
                    HostLoop.update(w, g, v0, weightDecay, momentum, currentRate, false);
                }
                continue;
            }
            if (weightDecay != 0) {
                axpy(weightDecay, w, g); // g ← g + wd·w
            }
            if (momentum != 0) {
                INDArray v = velocity.get(p.variable());
                if (v == null) {
                    v = g.dup();
                    velocity.put(p.variable(), v);
                } else {
                    v.muli(momentum).addi(g);
                }
                g = v;
            }
            axpy(-currentRate, g, w); // w ← w − lr·g
        }
    }

    /**
     * The same update for small arrays as one loop over their host buffers: four native ops per
     * parameter cost ~40 µs each, 5 ms of alexnet-mini's step for its 26 parameters (430 k values).
     */
    private static final class HostLoop {
        static final long MAX = 1 << 17;

        private HostLoop() {
        }

        /**
         * Small, contiguous arrays of their own (offset 0), all float or all double, on the CPU backend
         * (a CUDA array's host buffer is not kept in step with the device).
         */
        static boolean fits(INDArray w, INDArray... others) {
            if (!Nd4j.getEnvironment().isCPU()) {
                return false;
            }
            org.nd4j.linalg.api.buffer.DataType type = w.dataType();
            if (type != org.nd4j.linalg.api.buffer.DataType.FLOAT && type != org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
                return false;
            }
            if (!plain(w, type)) {
                return false;
            }
            for (INDArray a : others) {
                if (a != null && (!plain(a, type) || a.length() != w.length())) {
                    return false;
                }
            }
            return true;
        }

        private static boolean plain(INDArray a, org.nd4j.linalg.api.buffer.DataType type) {
            return a.length() <= MAX && !a.isView() && a.offset() == 0 && a.ordering() == 'c'
                    && a.dataType() == type && a.data().length() >= a.length();
        }

        /** g ← g + wd·w; v ← μ·v + g (v ← g when first); w ← w − lr·v (v = g without momentum). */
        static void update(INDArray w, INDArray g, INDArray v, double wd, double mu, double lr, boolean first) {
            int len = (int) w.length();
            boolean hasV = v != null;
            if (w.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
                java.nio.FloatBuffer wb = w.data().asNioFloat();
                java.nio.FloatBuffer gb = g.data().asNioFloat();
                java.nio.FloatBuffer vb = hasV ? v.data().asNioFloat() : null;
                float fwd = (float) wd;
                float fmu = (float) mu;
                float flr = (float) lr;
                for (int k = 0; k < len; k++) {
                    float wk = wb.get(k);
                    float gk = gb.get(k) + fwd * wk;
                    gb.put(k, gk);
                    if (hasV) {
                        gk = first ? gk : fmu * vb.get(k) + gk;
                        vb.put(k, gk);
                    }
                    wb.put(k, wk - flr * gk);
                }
            } else {
                java.nio.DoubleBuffer wb = w.data().asNioDouble();
                java.nio.DoubleBuffer gb = g.data().asNioDouble();
                java.nio.DoubleBuffer vb = hasV ? v.data().asNioDouble() : null;
                for (int k = 0; k < len; k++) {
                    double wk = wb.get(k);
                    double gk = gb.get(k) + wd * wk;
                    gb.put(k, gk);
                    if (hasV) {
                        gk = first ? gk : mu * vb.get(k) + gk;
                        vb.put(k, gk);
                    }
                    wb.put(k, wk - lr * gk);
                }
            }
        }
    }

    private static void axpy(double alpha, INDArray x, INDArray y) {
        Nd4j.getBlasWrapper().level1().axpy(x.length(), alpha, x, y);
    }

    /** Momentum buffers by SameDiff variable name (the live arrays; copy before keeping). */
    Map<String, INDArray> velocity() {
        return velocity;
    }

    /** Replaces the momentum buffers (checkpoint resume, NaN rollback). */
    void setVelocity(Map<String, INDArray> buffers) {
        velocity.clear();
        buffers.forEach((k, v) -> velocity.put(k, v.dup()));
    }

    /** The base learning rate (the schedule's starting value). */
    public double learningRate() {
        return learningRate;
    }

    /** The rate the next {@code step} uses (a schedule sets it before each step). */
    public double currentRate() {
        return currentRate;
    }

    void setCurrentRate(double rate) {
        this.currentRate = rate;
    }

    public double momentum() {
        return momentum;
    }

    public double weightDecay() {
        return weightDecay;
    }
}
