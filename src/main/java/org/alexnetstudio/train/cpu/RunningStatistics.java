package org.alexnetstudio.train.cpu;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running mean and variance of one BatchNorm2d layer (PyTorch's buffers) and their update.
 * Test mode normalises with them; training moves them towards each batch's statistics.
 */
final class RunningStatistics {

    final double momentum;
    INDArray mean;
    INDArray var;
    long numBatchesTracked;

    RunningStatistics(double momentum, INDArray mean, INDArray var) {
        this.momentum = momentum;
        this.mean = mean;
        this.var = var;
    }

    /**
     * PyTorch's update: running = (1 − m)·running + m·batch, with the unbiased batch variance
     * ({@code count} values per channel: var·count/(count − 1)). In place.
     */
    void update(INDArray batchMean, INDArray batchVar, long count) {
        double unbias = count > 1 ? (double) count / (count - 1) : 1.0;
        if (smallOnHost(mean, batchMean) && smallOnHost(var, batchVar)) {
            // A few dozen values: on the host, not four native calls per layer.
            moveTowards(mean, batchMean, momentum, 1.0);
            moveTowards(var, batchVar, momentum, unbias);
            numBatchesTracked++;
            return;
        }
        mean.muli(1 - momentum);
        Nd4j.getBlasWrapper().level1().axpy(mean.length(), momentum, batchMean, mean);
        var.muli(1 - momentum);
        Nd4j.getBlasWrapper().level1().axpy(var.length(), momentum * unbias, batchVar, var);
        numBatchesTracked++;
    }

    /** Contiguous arrays of their own, of one float type and length: the host loop applies. */
    static boolean smallOnHost(INDArray running, INDArray batch) {
        return running.length() <= 4096 && running.length() == batch.length() && running.dataType() == batch.dataType()
                && (running.dataType() == DataType.FLOAT || running.dataType() == DataType.DOUBLE)
                && !running.isView() && !batch.isView() && running.offset() == 0 && batch.offset() == 0;
    }

    /** running ← (1 − m)·running + m·scale·batch, value by value through the host buffers. */
    private static void moveTowards(INDArray running, INDArray batch, double m, double scale) {
        int len = (int) running.length();
        if (running.dataType() == DataType.FLOAT) {
            FloatBuffer r = running.data().asNioFloat();
            FloatBuffer b = batch.data().asNioFloat();
            for (int k = 0; k < len; k++) {
                r.put(k, (float) ((1 - m) * r.get(k) + m * scale * b.get(k)));
            }
        } else {
            DoubleBuffer r = running.data().asNioDouble();
            DoubleBuffer b = batch.data().asNioDouble();
            for (int k = 0; k < len; k++) {
                r.put(k, (1 - m) * r.get(k) + m * scale * b.get(k));
            }
        }
    }
}
