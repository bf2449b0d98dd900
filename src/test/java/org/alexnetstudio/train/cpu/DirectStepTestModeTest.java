package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.Sigmoid;
import org.alexnetstudio.model.Tanh;
import org.alexnetstudio.train.SgdOptimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The CPU backend's test-mode forward (running statistics, no dropout) against the graph's test mode. */
class DirectStepTestModeTest {

    // 2×9×9 → conv3 s1 p1: 4×9×9 → BN → ReLU → maxpool 3/2 p1: ⌊(9+2−3)/2⌋+1 = 5 → conv 2 s1 p0: 3×4×4 → Tanh
    // → avgpool 3/1 p1: (4+2−3)/1+1 = 4 → Sigmoid → Flatten 48 → Linear 6 → ReLU → Dropout → Linear 3
    private static final NetworkSpec EVERY_KIND = new NetworkSpec(Shape.chw(2, 9, 9), List.<LayerSpec>of(
            new Conv2d(4, 3, 1, 1), new BatchNorm2d(), new ReLU(), new MaxPool2d(3, 2, 1),
            new Conv2d(3, 2, 1, 0), new Tanh(), new AvgPool2d(3, 1, 1), new Sigmoid(), new Flatten(),
            new Linear(6), new ReLU(), new Dropout(0.4), new Linear(3)));

    /** Batch sizes that grow (new buffers) and shrink (views) between calls. */
    private static final int[] SIZES = {7, 32, 5};

    @Test
    void everyLayerKindMatchesTheGraphInDouble() {
        compare(EVERY_KIND, DataType.DOUBLE, 1e-10);
    }

    @Test
    void everyLayerKindMatchesTheGraphInFloat() {
        compare(EVERY_KIND, DataType.FLOAT, 2e-5);
    }

    @Test
    void presetsMatchTheGraph() {
        compare(Presets.lenet(), DataType.DOUBLE, 1e-10);
        compare(Presets.alexnetMini(), DataType.FLOAT, 5e-5);
        compare(Presets.alexnetMini(), DataType.DOUBLE, 1e-10);
        // The book's AlexNet at 68: (68−11+2)/4+1 = 15 → 7 → 7 → 3 → 3 → 3 → 3 → 1; flatten 256
        compare(Presets.alexnet().withResize(68), DataType.FLOAT, 5e-5);
    }

    @Test
    void testBuffersAreFreedWithTheTrainingBuffersAndComeBack() {
        CpuNetwork net = CpuNetwork.build(EVERY_KIND, 2);
        float[] x = DirectStepTest.images(EVERY_KIND.input(), 4, 3);
        float[][] before = net.logits(x, 4);
        assertTrue(net.bufferBytes() > 0, "test buffers held");
        net.releaseBuffers();
        assertEquals(0, net.bufferBytes());
        float[][] after = net.logits(x, 4);
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(before[k], after[k], "example " + k);
        }
    }

    @Test
    void loadedStateIsWhatTheTestForwardUses() {
        // A load may replace the parameter and running-statistics arrays: the test forward must follow.
        CpuNetwork trained = CpuNetwork.build(EVERY_KIND, 5);
        train(trained, 3);
        SameDiffNetwork graph = SameDiffNetwork.build(EVERY_KIND, 5);
        graph.copyFrom(trained.arrays());
        CpuNetwork fresh = CpuNetwork.build(EVERY_KIND, 6);
        float[] x = DirectStepTest.images(EVERY_KIND.input(), 6, 8);
        fresh.logits(x, 6); // plans built on the old arrays
        fresh.loadStateDict(trained.stateDict());
        DirectStepTest.assertClose(graphLogits(graph, x, 6), fresh.testForward().run(x, 6), 2e-5, 1, "after load");
    }

    /**
     * Trains a few direct steps (running statistics move away from 0 and 1), then compares the test-mode
     * logits of the direct forward with the graph's for batch sizes that change between calls, and the
     * public {@code logits} (which must take the direct path) with both.
     */
    private static void compare(NetworkSpec spec, DataType dtype, double tolerance) {
        // In double the graph's reference is batch norm written op by op (as in DirectStepTest).
        SameDiffNetwork graph = dtype == DataType.DOUBLE ? SameDiffNetwork.buildWithFormulaBatchNorm(spec, 11, dtype)
                : SameDiffNetwork.build(spec, 11, dtype);
        CpuNetwork net = new CpuNetwork(spec, 11, dtype);
        train(net, 3);
        graph.copyFrom(net.arrays()); // the trained parameters and running statistics, exactly
        TestForward direct = net.testForward();
        for (int n : SIZES) {
            float[] x = DirectStepTest.images(spec.input(), n, 40 + n);
            INDArray expected = graphLogits(graph, x, n);
            INDArray actual = direct.run(x, n).dup(); // a live view: the logits() call below reuses it
            String what = spec.layers().size() + " layers, " + dtype + ", batch " + n;
            DirectStepTest.assertClose(expected, actual, tolerance, 1, what);
            float[][] viaPublic = net.logits(x, n);
            assertEquals(n, viaPublic.length);
            for (int k = 0; k < n; k++) {
                for (int c = 0; c < net.classes(); c++) {
                    assertEquals(actual.getFloat(k, c), viaPublic[k][c], 0f, what + ": logits() is the direct path");
                }
            }
        }
        // The running statistics are non-trivial: with the initial ones (mean 0, var 1) the outputs differ.
        for (CompiledLayer l : net.arrays().layers()) {
            if (l.spec() instanceof BatchNorm2d) {
                INDArray running = net.arrays().runningStatistics(l.index()).mean;
                assertTrue(running.amaxNumber().doubleValue() > 1e-3, "running mean moved");
            }
        }
    }

    private static void train(CpuNetwork net, int steps) {
        SgdOptimizer sgd = new SgdOptimizer(0.05, 0.9, 5e-4);
        Nd4j.getRandom().setSeed(3);
        for (int step = 0; step < steps; step++) {
            int n = 4 + step;
            int[] labels = new int[n];
            for (int k = 0; k < n; k++) {
                labels[k] = (k * 7 + step) % net.classes();
            }
            // Inputs off-centre and scaled, so the batch statistics are far from (0, 1).
            float[] x = DirectStepTest.images(net.spec().input(), n, 10 + step);
            for (int k = 0; k < x.length; k++) {
                x[k] = x[k] * 2.5f + 1.5f;
            }
            assertTrue(Double.isFinite(net.trainStep(x, labels, n, sgd).loss()));
        }
    }

    /** The graph's test-mode logits (sd.output with training = 0). */
    private static INDArray graphLogits(SameDiffNetwork net, float[] x, int n) {
        return net.forward(x, n, net.logitsName()).get(net.logitsName());
    }

}
