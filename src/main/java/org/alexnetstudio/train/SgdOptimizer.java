package org.alexnetstudio.train;

import java.util.HashMap;
import java.util.Map;
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
    private final Map<String, INDArray> velocity = new HashMap<>();

    public SgdOptimizer(double learningRate, double momentum, double weightDecay) {
        this.learningRate = learningRate;
        this.currentRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    void step(SameDiffNetwork net, Map<String, INDArray> gradients) {
        for (CompiledLayer.Parameter p : net.parameters()) {
            INDArray w = net.array(p.variable());
            INDArray g = gradients.get(p.variable());
            if (g == null) {
                continue; // a parameter the loss does not reach has no gradient
            }
            // In place (axpy) so that a step allocates nothing: AlexNet's gradients are 187 MB.
            // The gradient arrays are this step's own (fresh from SameDiff), so they may be overwritten.
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
