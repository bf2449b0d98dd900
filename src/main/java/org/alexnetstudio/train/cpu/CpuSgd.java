package org.alexnetstudio.train.cpu;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.alexnetstudio.train.SgdOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link SgdOptimizer}'s rule applied to ND4J arrays in place, and the momentum buffers it keeps
 * (by parameter variable). Small arrays are updated in one loop over their host buffers, larger ones
 * with BLAS axpy calls; both give PyTorch's update.
 */
final class CpuSgd {

    private final Map<String, INDArray> velocity = new ConcurrentHashMap<>(); // parts may add theirs at once

    /** Every parameter's update. */
    void step(SgdOptimizer rule, List<CompiledLayer.Parameter> parameters, Function<String, INDArray> weights,
              Map<String, INDArray> gradients) {
        step(rule, parameters, weights, gradients, 0, 1);
    }

    /**
     * The update of the parameters whose index modulo {@code parts} is {@code part}: threads that each
     * take one part update all parameters together (a batch split into shards, {@link DataParallel}).
     * The gradients are overwritten (g ← g + wd·w): they are this step's own.
     */
    void step(SgdOptimizer rule, List<CompiledLayer.Parameter> parameters, Function<String, INDArray> weights,
              Map<String, INDArray> gradients, int part, int parts) {
        double momentum = rule.momentum();
        double weightDecay = rule.weightDecay();
        double rate = rule.currentRate();
        for (int i = part; i < parameters.size(); i += parts) {
            CompiledLayer.Parameter p = parameters.get(i);
            INDArray w = weights.apply(p.variable());
            INDArray g = gradients.get(p.variable());
            if (g == null) {
                continue; // a parameter the loss does not reach has no gradient
            }
            // In place so that a step allocates nothing: AlexNet's gradients are 187 MB.
            INDArray v0 = velocity.get(p.variable());
            if (HostLoop.fits(w, g, v0)) {
                if (momentum != 0 && v0 == null) {
                    v0 = Nd4j.createUninitialized(g.dataType(), g.shape());
                    velocity.put(p.variable(), v0);
                    HostLoop.update(w, g, v0, weightDecay, 0, rate, true);
                } else {
                    HostLoop.update(w, g, v0, weightDecay, momentum, rate, false);
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
            axpy(-rate, g, w); // w ← w − lr·g
        }
    }

    /**
     * The same update for small arrays as one loop over their host buffers: four native ops per
     * parameter would dominate the update of a small network's many small parameters.
     */
    static final class HostLoop {
        static final long MAX = 1 << 17;

        private HostLoop() {
        }

        /** Small, contiguous arrays of their own (offset 0), all float or all double. */
        static boolean fits(INDArray w, INDArray... others) {
            DataType type = w.dataType();
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
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

        private static boolean plain(INDArray a, DataType type) {
            return a.length() <= MAX && !a.isView() && a.offset() == 0 && a.ordering() == 'c'
                    && a.dataType() == type && a.data().length() >= a.length();
        }

        /** g ← g + wd·w; v ← μ·v + g (v ← g when first); w ← w − lr·v (v = g without momentum). */
        static void update(INDArray w, INDArray g, INDArray v, double wd, double mu, double lr, boolean first) {
            int len = (int) w.length();
            boolean hasV = v != null;
            if (w.dataType() == DataType.FLOAT) {
                FloatBuffer wb = w.data().asNioFloat();
                FloatBuffer gb = g.data().asNioFloat();
                FloatBuffer vb = hasV ? v.data().asNioFloat() : null;
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
                DoubleBuffer wb = w.data().asNioDouble();
                DoubleBuffer gb = g.data().asNioDouble();
                DoubleBuffer vb = hasV ? v.data().asNioDouble() : null;
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

    /** Momentum buffers by variable (the live arrays; copy before keeping). */
    Map<String, INDArray> velocity() {
        return velocity;
    }

    /** Replaces the momentum buffers (checkpoint resume, NaN rollback) with copies. */
    void setVelocity(Map<String, INDArray> buffers) {
        velocity.clear();
        buffers.forEach((k, v) -> velocity.put(k, v.dup()));
    }
}
