package org.alexnetstudio.train.gpu;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A BatchNorm2d layer's running mean and variance on the device. A training step's forward writes the
 * moved statistics into a second pair (cuDNN updates them as it normalises); only a step whose loss is
 * finite {@link #commit}s them, so a diverging batch changes nothing, as on the CPU.
 */
final class RunningBuffers {

    final int layer;
    final int channels;
    final double momentum;
    private FloatPointer mean;
    private FloatPointer var;
    private FloatPointer nextMean;
    private FloatPointer nextVar;
    long numBatchesTracked;

    /** Four device vectors of {@code channels} values: mean, variance and the step's copies. */
    RunningBuffers(int layer, int channels, double momentum, FloatPointer block) {
        this.layer = layer;
        this.channels = channels;
        this.momentum = momentum;
        mean = Cuda.at(block, 0);
        var = Cuda.at(block, channels);
        nextMean = Cuda.at(block, 2L * channels);
        nextVar = Cuda.at(block, 3L * channels);
    }

    FloatPointer mean() {
        return mean;
    }

    FloatPointer var() {
        return var;
    }

    /** Where this step's statistics go: a copy of the current ones, moved by cuDNN. */
    FloatPointer nextMean() {
        return nextMean;
    }

    FloatPointer nextVar() {
        return nextVar;
    }

    /** The step's statistics become the running ones (enqueued work keeps its order on the stream). */
    void commit() {
        FloatPointer m = mean;
        mean = nextMean;
        nextMean = m;
        FloatPointer v = var;
        var = nextVar;
        nextVar = v;
        numBatchesTracked++;
    }
}
