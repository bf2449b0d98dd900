package org.alexnetstudio.train;

/**
 * Stochastic gradient descent with PyTorch's semantics ({@code torch.optim.SGD}, dampening 0, no
 * Nesterov), applied by each backend to its own arrays: g ← g + wd·w; v ← μ·v + g (v = g on the
 * first step); w ← w − lr·v (v = g without momentum). Weight decay applies to every parameter, as in
 * the book. This class holds the settings and the rate of the next step (a schedule moves it); the
 * momentum buffers belong to the {@link Network}, next to the parameters they update.
 */
public final class SgdOptimizer {

    private final double learningRate;
    private volatile double currentRate;
    private final double momentum;
    private final double weightDecay;

    public SgdOptimizer(double learningRate, double momentum, double weightDecay) {
        this.learningRate = learningRate;
        this.currentRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** The base learning rate (the schedule's starting value). */
    public double learningRate() {
        return learningRate;
    }

    /** The rate the next step uses (a schedule sets it before each step). */
    public double currentRate() {
        return currentRate;
    }

    public void setCurrentRate(double rate) {
        this.currentRate = rate;
    }

    public double momentum() {
        return momentum;
    }

    public double weightDecay() {
        return weightDecay;
    }
}
