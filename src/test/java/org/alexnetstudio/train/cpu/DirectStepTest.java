package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.Sigmoid;
import org.alexnetstudio.model.Tanh;
import org.alexnetstudio.train.MemoryEstimate;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.SgdOptimizer;
import org.alexnetstudio.train.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CPU backend's training step (every layer's ops called directly) against the SameDiff graph, whose
 * gradients come from automatic differentiation: same loss, correct count, gradients, masks and updates.
 */
class DirectStepTest {

    // 2×9×9 → conv3 s1 p1: 4×9×9 → BN → ReLU → maxpool 3/2 p1: ⌊(9+2−3)/2⌋+1 = 5 → conv 2 s1 p0: 3×4×4 → Tanh
    // → avgpool 3/1 p1: (4+2−3)/1+1 = 4 → Sigmoid → Flatten 48 → Linear 6 → ReLU → Dropout → Linear 3
    private static final NetworkSpec EVERY_KIND = new NetworkSpec(Shape.chw(2, 9, 9), List.<LayerSpec>of(
            new Conv2d(4, 3, 1, 1), new BatchNorm2d(), new ReLU(), new MaxPool2d(3, 2, 1),
            new Conv2d(3, 2, 1, 0), new Tanh(), new AvgPool2d(3, 1, 1), new Sigmoid(), new Flatten(),
            new Linear(6), new ReLU(), new Dropout(0.4), new Linear(3)));

    @Test
    void everyLayerKindMatchesTheGraphInDouble() {
        compare(EVERY_KIND, DataType.DOUBLE, 5, 1e-10);
    }

    @Test
    void everyLayerKindMatchesTheGraphInFloat() {
        compare(EVERY_KIND, DataType.FLOAT, 5, 2e-5);
    }

    // Channels-last specifics: dropout on feature maps (mask drawn in NCHW order), batch norm after a
    // ReLU, Flatten of 3 channels. 3×6×6 → conv3 p1: 4×6×6 → ReLU → Dropout → BN → maxpool 2/2: 4×3×3
    // → conv1: 3×3×3 → Flatten 27 → Linear 2
    private static final NetworkSpec FEATURE_MAP_DROPOUT = new NetworkSpec(Shape.chw(3, 6, 6), List.<LayerSpec>of(
            new Conv2d(4, 3, 1, 1), new ReLU(), new Dropout(0.5), new BatchNorm2d(), new MaxPool2d(2, 2),
            new Conv2d(3, 1, 1, 0), new Flatten(), new Linear(2)));

    @Test
    void dropoutOnFeatureMapsAndBatchNormAfterReLUMatchTheGraph() {
        compare(FEATURE_MAP_DROPOUT, DataType.DOUBLE, 4, 1e-10);
        compare(FEATURE_MAP_DROPOUT, DataType.FLOAT, 4, 2e-5);
    }

    @Test
    void firstConvWeightGradientInChunksOfOneExampleMatchesTheGraph() {
        // The first conv's dW accumulates over im2col chunks; a cap of one value forces one example each.
        long cap = FirstConvWeightGradient.chunkValues;
        FirstConvWeightGradient.chunkValues = 1;
        try {
            compare(EVERY_KIND, DataType.DOUBLE, 5, 1e-10);
            compare(FEATURE_MAP_DROPOUT, DataType.FLOAT, 3, 2e-5);
        } finally {
            FirstConvWeightGradient.chunkValues = cap;
        }
    }

    @Test
    void presetsMatchTheGraph() {
        compare(Presets.lenet(), DataType.DOUBLE, 3, 1e-10);
        compare(Presets.alexnetMini(), DataType.FLOAT, 4, 5e-5);
        compare(Presets.alexnetMini(), DataType.DOUBLE, 2, 1e-10);
        // The book's AlexNet at 68: (68−11+2)/4+1 = 15 → 7 → 7 → 3 → 3 → 3 → 3 → 1; flatten 256
        compare(Presets.alexnet().withResize(68), DataType.FLOAT, 2, 5e-5);
    }

    @Test
    void trainingStepsGiveTheSameParametersAndRunningStatistics() {
        // Momentum, weight decay, batch norm, dropout; batch sizes that change.
        NetworkSpec spec = Presets.alexnetMini();
        // The reference in double is the graph with batch norm written op by op: libnd4j's fused
        // batchnorm_bp is only float-accurate (~1e-8) even in double, the direct step is not.
        SameDiffNetwork graph = SameDiffNetwork.buildWithFormulaBatchNorm(spec, 3, DataType.DOUBLE);
        CpuNetwork direct = new CpuNetwork(spec, 3, DataType.DOUBLE);
        assertEquals("direct", direct.engine());
        SgdOptimizer sgdGraph = new SgdOptimizer(0.05, 0.9, 5e-4);
        SgdOptimizer sgdDirect = new SgdOptimizer(0.05, 0.9, 5e-4);
        int[] sizes = {3, 4, 2, 4}; // grows (new buffers), then a smaller batch (views)
        for (int step = 0; step < sizes.length; step++) {
            int n = sizes[step];
            float[] x = images(spec.input(), n, 10 + step);
            int[] labels = labels(n, 10, step);
            Nd4j.getRandom().setSeed(100 + step);
            Network.StepResult a = graph.trainStep(x, labels, n, sgdGraph);
            Nd4j.getRandom().setSeed(100 + step);
            Network.StepResult b = direct.trainStep(x, labels, n, sgdDirect);
            assertEquals(a.loss(), b.loss(), 1e-10 * (1 + Math.abs(a.loss())), "loss of step " + step);
            assertEquals(a.correct(), b.correct(), "correct of step " + step);
            assertEquals(a.size(), b.size());
        }
        Map<String, INDArray> expected = graph.stateDict();
        Map<String, Tensor> actual = direct.stateDict();
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            assertClose(expected.get(key), array(actual.get(key)), 1e-6, 1e-2, key); // float copies of double state
        }
        assertEquals(4L, actual.get("1.num_batches_tracked").longs()[0]);
        // Test mode (the graph, running statistics) after direct training: same predictions.
        float[] x = images(spec.input(), 3, 99);
        float[][] pa = graph.logits(x, 3);
        float[][] pb = direct.logits(x, 3);
        for (int k = 0; k < 3; k++) {
            for (int c = 0; c < 10; c++) {
                assertEquals(pa[k][c], pb[k][c], 1e-4 * (1 + Math.abs(pa[k][c])), "test-mode logit");
            }
        }
        // Buffers freed after a run, allocated again by the next step.
        direct.releaseBuffers();
        assertEquals(0, direct.bufferBytes());
        Nd4j.getRandom().setSeed(7);
        double again = direct.trainStep(images(spec.input(), 2, 5), labels(2, 10, 0), 2, sgdDirect).loss();
        assertTrue(Double.isFinite(again));
        assertTrue(direct.bufferBytes() > 0);
    }

    @Test
    void aNonFiniteLossLeavesEverythingUntouched() {
        NetworkSpec spec = new NetworkSpec(Shape.chw(1, 4, 4), List.<LayerSpec>of(
                new Conv2d(2, 3, 1, 1), new BatchNorm2d(), new ReLU(), new Flatten(), new Linear(3)));
        CpuNetwork net = CpuNetwork.build(spec, 1);
        Map<String, Tensor> before = net.stateDict();
        float[] x = images(spec.input(), 2, 1);
        x[3] = Float.NaN;
        Network.StepResult r = net.trainStep(x, new int[]{0, 1}, 2, new SgdOptimizer(0.1, 0.9, 0));
        assertTrue(Double.isNaN(r.loss()));
        Map<String, Tensor> after = net.stateDict();
        for (String key : before.keySet()) {
            assertEquals(before.get(key), after.get(key), key);
        }
    }

    @Test
    void overflowingBatchStatisticsBehaveAsInTheGraph() {
        // Exploding activations (inputs scaled by 1e20…1e37): float's range (3.4e38) is passed first by the
        // variance's squares (the graph then outputs β: a finite loss, but an infinite running variance),
        // then by the channel sums (NaN).
        NetworkSpec spec = new NetworkSpec(Shape.chw(1, 6, 6), List.<LayerSpec>of(
                new Conv2d(2, 3, 1, 1), new BatchNorm2d(), new ReLU(), new Flatten(), new Linear(3)));
        int finite = 0;
        int nonFinite = 0;
        for (float scale : new float[]{1e20f, 1e30f, 1e36f, 1e37f, 3e37f}) {
            float[] x = images(spec.input(), 4, 1);
            for (int k = 0; k < x.length; k++) {
                x[k] = Math.abs(x[k]) * scale;
            }
            SameDiffNetwork graph = SameDiffNetwork.build(spec, 1);
            CpuNetwork direct = CpuNetwork.build(spec, 1);
            int[] labels = {0, 1, 2, 0};
            double a = graph.trainStep(x, labels, 4, new SgdOptimizer(0.1, 0, 0)).loss();
            double b = direct.trainStep(x, labels, 4, new SgdOptimizer(0.1, 0, 0)).loss();
            assertEquals(Double.isFinite(a), Double.isFinite(b), "scale " + scale + ": graph " + a + ", direct " + b);
            if (Double.isFinite(a)) {
                assertEquals(a, b, 1e-4 * (1 + Math.abs(a)), "scale " + scale);
                finite++;
                // The running variance is now infinite: the next step is NaN in the graph, and so here.
                double a2 = graph.trainStep(x, labels, 4, new SgdOptimizer(0.1, 0, 0)).loss();
                double b2 = direct.trainStep(x, labels, 4, new SgdOptimizer(0.1, 0, 0)).loss();
                assertEquals(Double.isFinite(a2), Double.isFinite(b2), "second step at " + scale + ": " + a2 + ", " + b2);
            } else {
                nonFinite++;
            }
        }
        assertTrue(finite > 0 && nonFinite > 0, finite + " finite, " + nonFinite + " not: both regimes must be seen");
    }

    @Test
    void memoryEstimateOfTheDirectStepCoversWhatWasMeasured() {
        // Peak RSS measured with `bench` (performance.md, issue 8): AlexNet 224/128 1.72 GiB (graph:
        // 3.85 GiB), alexnet-mini 28/128 0.40 GiB. The estimate must not promise less than that, and
        // should not refuse what the step fits: under half the graph's old estimate (6.9 GiB).
        CpuBackend backend = new CpuBackend();
        var alexnet = Presets.alexnet().analyze();
        MemoryEstimate direct = estimate(backend, alexnet, 128, false);
        System.out.println("ESTIMATE alexnet direct " + direct.totalBytes() / (1L << 20) + " MiB");
        assertTrue(direct.totalBytes() >= 1.72 * (1L << 30), "direct " + direct.totalBytes());
        assertTrue(direct.totalBytes() < 6.9 / 2 * (1L << 30), "direct " + direct.totalBytes());
        // (weights, gradients, snapshot) × 46,764,746 × 4 bytes
        assertEquals(46_764_746L * 4 * 3, direct.parameterBytes());
        MemoryEstimate mini = estimate(backend, Presets.alexnetMini().analyze(), 128, true);
        System.out.println("ESTIMATE mini direct " + mini.totalBytes() / (1L << 20) + " MiB");
        assertTrue(mini.totalBytes() >= 0.40 * (1L << 30), "mini " + mini.totalBytes());
        assertEquals(4 * estimate(backend, alexnet, 32, false).activationBytes(), direct.activationBytes());
    }

    private static MemoryEstimate estimate(CpuBackend backend, org.alexnetstudio.model.NetworkAnalysis a, int batch,
                                           boolean momentum) {
        var use = backend.memoryUse(a, batch, momentum);
        return new MemoryEstimate(use.parameterBytes(), use.activationBytes(), use.workspaceBytes(), Long.MAX_VALUE / 4);
    }

    @Test
    void theEstimateCountsWhatTheStepAllocates() {
        // The estimate reads the buffer plan the step allocates: after one step of alexnet-mini at batch 16
        // (unsplit), the step's buffers are the plan's training values plus its Java arrays.
        NetworkSpec spec = Presets.alexnetMini();
        CpuNetwork net = CpuNetwork.build(spec, 1);
        net.useShards(1);
        net.trainStep(images(spec.input(), 16, 1), labels(16, 10, 0), 16, new SgdOptimizer(0.01, 0, 0));
        BufferPlan plan = CpuNetwork.plan(spec.analyze().layers(),
                LayerOpsFactory.forLayers(spec.analyze().layers()), 10);
        long gradients = spec.analyze().totalParameters() * 4;
        assertEquals((plan.trainingValues(16) + plan.hostValues(16)) * 4 + gradients, net.bufferBytes());
    }

    @Test
    void localResponseNormMatchesTheGraph() {
        // 3×6×6 → conv3 p1: 4×6×6 → LRN(3) → ReLU → conv3 p1: 5×6×6 → LRN(2, even: window [c−1, c]) → maxpool 2:
        // 5×3×3 → Flatten 45 → Linear 3
        NetworkSpec spec = new NetworkSpec(Shape.chw(3, 6, 6), List.<LayerSpec>of(
                new Conv2d(4, 3, 1, 1), new LocalResponseNorm(3, 0.5, 0.75, 1.0), new ReLU(),
                new Conv2d(5, 3, 1, 1), new LocalResponseNorm(2, 0.3, 0.6, 2.0), new MaxPool2d(2, 2),
                new Flatten(), new Linear(3)));
        compare(spec, DataType.DOUBLE, 4, 1e-10);
        compare(spec, DataType.FLOAT, 4, 2e-5);
        CpuNetwork net = CpuNetwork.build(spec, 1);
        Network.StepResult r = net.trainStep(images(spec.input(), 2, 1), new int[]{0, 1}, 2,
                new SgdOptimizer(0.1, 0, 0));
        assertTrue(Double.isFinite(r.loss()));
    }

    /**
     * One forward/backward on both paths with the same weights, input and dropout masks. The reference
     * is the trained graph (fused batch norm) in float and, in double, the graph with batch norm
     * written op by op (libnd4j's batchnorm_bp is only float-accurate even in double).
     */
    private static void compare(NetworkSpec spec, DataType dtype, int n, double tolerance) {
        SameDiffNetwork net = dtype == DataType.DOUBLE ? SameDiffNetwork.buildWithFormulaBatchNorm(spec, 11, dtype)
                : SameDiffNetwork.build(spec, 11, dtype);
        CpuNetwork directNet = new CpuNetwork(spec, 11, dtype);
        directNet.useShards(1);
        // Biases start at 0 and BN at γ=1, β=0: perturb them so every gradient carries signal.
        Nd4j.getRandom().setSeed(1);
        for (CompiledLayer.Parameter p : net.parameters()) {
            INDArray w = net.array(p.variable());
            w.addi(Nd4j.rand(DataType.DOUBLE, w.shape()).subi(0.5).muli(0.2).castTo(dtype));
            directNet.arrays().assign(p.variable(), w);
        }
        TrainingStep direct = directNet.primaryStep();
        float[] x = images(spec.input(), n, 4);
        int[] labels = labels(n, net.classes(), 0);
        Nd4j.getRandom().setSeed(42);
        Map<Integer, INDArray> masks = net.trainingMasks(n);
        OutAndGrad expected = net.forwardBackward(net.inputArray(x, n), net.oneHot(labels, n), masks);
        Nd4j.getRandom().setSeed(42);
        TrainingStep.Pass pass = direct.forwardBackward(x, labels, n);

        double loss = expected.getOutputs().get(SameDiffNetwork.LOSS).getDouble(0);
        assertEquals(loss, pass.loss(), tolerance * (1 + Math.abs(loss)), "loss");
        INDArray logits = expected.getOutputs().get(net.logitsName());
        long[] predicted = logits.argMax(1).toLongVector();
        int correct = 0;
        for (int k = 0; k < n; k++) {
            correct += predicted[k] == labels[k] ? 1 : 0;
        }
        assertEquals(correct, pass.correct(), "correct");
        for (Map.Entry<Integer, INDArray> m : masks.entrySet()) {
            assertEquals(m.getValue(), direct.mask(n, m.getKey()), "dropout mask of layer " + m.getKey());
        }
        // A conv bias right before batch norm has a true gradient of 0 (the mean is subtracted): both
        // paths give rounding noise there, so differences count against a tenth of the largest gradient.
        double largest = 0;
        for (CompiledLayer.Parameter p : net.parameters()) {
            largest = Math.max(largest, expected.getGradients().get(p.variable()).amaxNumber().doubleValue());
        }
        for (CompiledLayer.Parameter p : net.parameters()) {
            assertClose(expected.getGradients().get(p.variable()), direct.gradients().get(p.variable()), tolerance,
                    0.1 * largest, spec.layers().size() + " layers, " + dtype + ": " + p.torchKey());
        }
        for (CompiledLayer l : net.layers()) {
            if (l.spec() instanceof BatchNorm2d) {
                INDArray[] stats = direct.batchStatistics(n, l.index());
                assertClose(expected.getOutputs().get(SameDiffNetwork.batchMeanName(l.index())), stats[0], tolerance,
                        1e-2, "batch mean " + l.index());
                assertClose(expected.getOutputs().get(SameDiffNetwork.batchVarName(l.index())), stats[1], tolerance,
                        1e-2, "batch variance " + l.index());
            }
        }
    }

    /** A tensor as a float32 array (comparisons with the graph's state). */
    static INDArray array(Tensor t) {
        return NetworkArrays.array(t, DataType.FLOAT);
    }

    // Relative to the largest expected value, at least `floor`.
    static void assertClose(INDArray expected, INDArray actual, double tolerance, double floor, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double scale = Math.max(floor, expected.amaxNumber().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance * scale, what + ": max difference " + diff + " (scale " + scale + ")");
    }

    static float[] images(Shape in, int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[(int) (n * in.elements())];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (random.nextGaussian() * 0.7 + 0.3);
        }
        return x;
    }

    static int[] labels(int n, int classes, int shift) {
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            y[k] = (k * 7 + shift) % classes;
        }
        return y;
    }
}
