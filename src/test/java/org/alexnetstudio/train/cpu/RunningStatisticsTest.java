package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.CpuSgdTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.Networks;
import org.alexnetstudio.train.SgdOptimizer;
import org.alexnetstudio.train.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch norm's running statistics as PyTorch moves them (momentum 0.1, the batch variance made
 * unbiased: var·count/(count − 1)), with numbers computed by hand:
 *
 * <pre>
 * start: mean [0, 0], var [1, 1]
 * batch 1: mean [2, −1], biased var [4, 0.5], 5 values per channel → unbiased [4·5/4, 0.5·5/4] = [5, 0.625]
 *   mean = 0.9·0 + 0.1·[2, −1] = [0.2, −0.1];  var = 0.9·1 + 0.1·[5, 0.625] = [1.4, 0.9625]
 * batch 2: mean [1, 1], biased var [1, 1], 2 values → unbiased [2, 2]
 *   mean = 0.9·[0.2, −0.1] + 0.1 = [0.28, 0.01];  var = 0.9·[1.4, 0.9625] + 0.2 = [1.46, 1.06625]
 * </pre>
 */
class RunningStatisticsTest {

    @Test
    void hostLoopInFloatAndDouble() {
        twoUpdates(DataType.FLOAT, 2, 1e-6);
        twoUpdates(DataType.DOUBLE, 2, 1e-12);
    }

    @Test
    void blasPathForManyChannels() {
        // more channels than the host loop takes (the two above, then zeros)
        twoUpdates(DataType.FLOAT, 5000, 1e-6);
        twoUpdates(DataType.DOUBLE, 5000, 1e-12);
    }

    private static void twoUpdates(DataType dtype, int channels, double tolerance) {
        RunningStatistics s = new RunningStatistics(0.1, Nd4j.zeros(dtype, channels), Nd4j.ones(dtype, channels));
        s.update(vector(dtype, channels, 2, -1), vector(dtype, channels, 4, 0.5), 5);
        assertClose(new double[]{0.2, -0.1}, s.mean, tolerance, "mean after batch 1");
        assertClose(new double[]{1.4, 0.9625}, s.var, tolerance, "var after batch 1");
        s.update(vector(dtype, channels, 1, 1), vector(dtype, channels, 1, 1), 2);
        assertClose(new double[]{0.28, 0.01}, s.mean, tolerance, "mean after batch 2");
        assertClose(new double[]{1.46, 1.06625}, s.var, tolerance, "var after batch 2");
        assertEquals(2, s.numBatchesTracked);
        if (channels > 2) {
            // a channel whose batch statistics are 0: var 0.9²·1 = 0.81
            assertEquals(0.81, s.var.getDouble(channels - 1), tolerance, "last channel");
        }
    }

    private static INDArray vector(DataType dtype, int length, double first, double second) {
        INDArray v = Nd4j.zeros(dtype, length);
        v.putScalar(0, first);
        v.putScalar(1, second);
        return v;
    }

    @Test
    void aTrainingStepCountsEveryPositionOfEveryExample() {
        // Input 2 channels × 1 × 2, batch of 2: channel 0 holds [1, 3] and [5, 7], channel 1 [0, 0] and [2, −2].
        // channel 0: mean 16/4 = 4, biased var (9+1+1+9)/4 = 5, unbiased 5·4/3 = 6.6667
        //   running mean 0.1·4 = 0.4, running var 0.9 + 0.1·6.6667 = 1.5666667
        // channel 1: mean 0, biased var (0+0+4+4)/4 = 2, unbiased 8/3 = 2.6667; running var 0.9 + 0.26667 = 1.1666667
        NetworkSpec spec = new NetworkSpec(Shape.chw(2, 1, 2), List.<LayerSpec>of(new BatchNorm2d(), new Flatten(),
                new Linear(2)));
        Network net = Networks.build(spec, 1);
        float[] images = {1, 3, 0, 0, 5, 7, 2, -2};
        net.trainStep(images, new int[]{0, 1}, 2, new SgdOptimizer(0, 0, 0));
        Map<String, Tensor> state = net.stateDict();
        float[] mean = state.get("0.running_mean").floats();
        float[] var = state.get("0.running_var").floats();
        assertEquals(0.4, mean[0], 1e-6);
        assertEquals(0.0, mean[1], 1e-6);
        assertEquals(0.9 + 0.1 * 20.0 / 3, var[0], 1e-6);
        assertEquals(0.9 + 0.1 * 8.0 / 3, var[1], 1e-6);
        assertEquals(1L, state.get("0.num_batches_tracked").longs()[0]);
    }
}
