package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Network;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The test-mode backward for explanations (issue 19: saliency, Grad-CAM): the gradient of u·logits with
 * respect to the input against central differences of the test-mode forward, in double.
 */
class ExplainTest {

    // 2×6×6 → conv3 p1: 3×6×6 → BN → ReLU → maxpool 2: 3×3×3 → conv2: 4×2×2 → LRN(2) → ReLU → Flatten 16
    // → Linear 5 → Dropout (the identity in test mode) → Linear 3
    private static final NetworkSpec SPEC = new NetworkSpec(Shape.chw(2, 6, 6), List.<LayerSpec>of(
            new Conv2d(3, 3, 1, 1), new BatchNorm2d(), new ReLU(), new MaxPool2d(2, 2), new Conv2d(4, 2, 1, 0),
            new LocalResponseNorm(2, 0.3, 0.75, 1.0), new ReLU(), new Flatten(), new Linear(5), new Dropout(0.5),
            new Linear(3)));
    private static final int CONV = 4;
    /** A power of two, and the inputs multiples of it: x ± h is exact in float. */
    private static final float H = 1f / 4096;

    @Test
    void inputGradientMatchesCentralDifferences() {
        CpuNetwork net = network();
        float[] x = image(3);
        double[] u = {0.3, -1.2, 0.5};
        Network.Explanation e = net.explain(x, toFloats(u), CONV);
        assertEquals(x.length, e.inputGradient().length);
        int checked = 0;
        for (int k = 0; k < x.length; k += 5) {
            float original = x[k];
            x[k] = original + H;
            double plus = objective(net, x, u);
            x[k] = original - H;
            double minus = objective(net, x, u);
            x[k] = original;
            double numeric = (plus - minus) / (2 * H);
            double analytic = e.inputGradient()[k];
            double scale = Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
            assertTrue(Math.abs(numeric - analytic) / scale < 1e-4,
                    "pixel " + k + ": numeric " + numeric + " vs analytic " + analytic);
            checked++;
        }
        assertTrue(checked > 10, "checked " + checked);
    }

    @Test
    void theCapturedLayerIsItsTestModeOutputAndTheLastLayersGradientIsU() {
        CpuNetwork net = network();
        float[] x = image(4);
        float[] u = {0.3f, -1.2f, 0.5f};
        Network.Explanation e = net.explain(x, u, CONV);
        // the conv's output before the LRN and ReLU after it: the feature map of layer 4
        assertArrayEquals(net.featureMaps(x).get(CONV).values(), e.activation(), 1e-6f);
        assertEquals(4 * 2 * 2, e.activationGradient().length);
        Network.Explanation last = net.explain(x, u, SPEC.layers().size() - 1);
        assertArrayEquals(u, last.activationGradient(), 0f);
        assertArrayEquals(net.logits(x, 1)[0], last.activation(), 1e-6f);
    }

    @Test
    void backwardFromEveryInnerLayerMatchesCentralDifferences() {
        // Activation maximisation starts the backward at an inner layer: for each layer L and a random
        // weighting u of its output, d(u·output_L)/d(image) against central differences of u·output_L.
        CpuNetwork net = network();
        float[] x = image(6);
        Random random = new Random(11);
        for (int from = 0; from < SPEC.layers().size(); from++) {
            int values = net.featureMaps(x).get(from).values().length;
            double[] u = new double[values];
            for (int k = 0; k < values; k++) {
                u[k] = Math.round(random.nextGaussian() * 64) / 64.0;
            }
            Network.Explanation e = net.explainFrom(x, from, toFloats(u), from);
            assertArrayEquals(toFloats(u), e.activationGradient(), 0f, "layer " + from + " gets the given gradient");
            assertArrayEquals(net.featureMaps(x).get(from).values(), e.activation(), 1e-6f);
            for (int k = 0; k < x.length; k += 7) {
                float original = x[k];
                x[k] = original + H;
                double plus = layerObjective(net, x, from, u);
                x[k] = original - H;
                double minus = layerObjective(net, x, from, u);
                x[k] = original;
                double numeric = (plus - minus) / (2 * H);
                double analytic = e.inputGradient()[k];
                double scale = Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
                assertTrue(Math.abs(numeric - analytic) / scale < 1e-4,
                        "from layer " + from + ", pixel " + k + ": numeric " + numeric + " vs analytic " + analytic);
            }
        }
    }

    @Test
    void anInnerStartWritesEachGradientIntoTheBufferPlannedForIt() {
        // 1×8×8 → conv 8 p1: 8×8×8 → ReLU → maxpool 2: 8×4×4 → Flatten 128 → Linear 10. From the logits,
        // gradient buffer 0 receives Linear's input gradient (128 values), buffer 1 Flatten's (128), buffer 0
        // the pool's (512), buffer 1 the conv's (64): sizes 512 and 128. Starting at Flatten with the
        // alternation restarted would put the pool's 512 values into the 128-value buffer.
        NetworkSpec spec = new NetworkSpec(Shape.chw(1, 8, 8), List.<LayerSpec>of(new Conv2d(8, 3, 1, 1), new ReLU(),
                new MaxPool2d(2, 2), new Flatten(), new Linear(10)));
        CpuNetwork net = new CpuNetwork(spec, 3, DataType.DOUBLE);
        Random random = new Random(5);
        float[] x = new float[64];
        for (int k = 0; k < x.length; k++) {
            x[k] = Math.round(random.nextGaussian() * 4096) / 4096f;
        }
        double[] u = new double[8 * 4 * 4];
        for (int k = 0; k < u.length; k++) {
            u[k] = Math.round(random.nextGaussian() * 64) / 64.0;
        }
        net.explain(x, new float[10], 0); // the full plan first, as the window does
        Network.Explanation e = net.explainFrom(x, 3, toFloats(u), 3);
        for (int k = 0; k < x.length; k += 3) {
            float original = x[k];
            x[k] = original + H;
            double plus = layerObjective(net, x, 3, u);
            x[k] = original - H;
            double minus = layerObjective(net, x, 3, u);
            x[k] = original;
            double numeric = (plus - minus) / (2 * H);
            double analytic = e.inputGradient()[k];
            assertTrue(Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic)) < 1e-4,
                    "pixel " + k + ": numeric " + numeric + " vs analytic " + analytic);
        }
    }

    @Test
    void explainIsTheBackwardFromTheLastLayer() {
        CpuNetwork net = network();
        float[] x = image(7);
        float[] u = {0.5f, 0.25f, -1f};
        int last = SPEC.layers().size() - 1;
        Network.Explanation a = net.explain(x, u, CONV);
        Network.Explanation b = net.explainFrom(x, last, u, CONV);
        assertArrayEquals(a.inputGradient(), b.inputGradient(), 0f);
        assertArrayEquals(a.activationGradient(), b.activationGradient(), 0f);
        // an inner start leaves the cached full plan intact: the full backward again gives the same
        net.explainFrom(x, 2, new float[3 * 6 * 6], 0);
        assertArrayEquals(a.inputGradient(), net.explain(x, u, CONV).inputGradient(), 0f);
    }

    @Test
    void refusesLayersOutsideTheNetworkAndGradientsOfTheWrongSize() {
        CpuNetwork net = network();
        float[] x = image(8);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> net.explainFrom(x, SPEC.layers().size(), new float[3], 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> net.explainFrom(x, 2, new float[3 * 6 * 6], 3)); // captured layer after the start
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> net.explainFrom(x, 2, new float[5], 0)); // layer 2's output is 3×6×6 = 108 values
    }

    /** u·(layer {@code layer}'s test-mode output in PyTorch's C, H, W order), in double. */
    private static double layerObjective(CpuNetwork net, float[] x, int layer, double[] u) {
        TestForward all = new TestForward(net.arrays(), LayerOpsFactory.forLayers(net.analysis().layers()),
                CpuNetwork.plan(net.analysis().layers(), LayerOpsFactory.forLayers(net.analysis().layers()),
                        net.classes()), true);
        try {
            all.run(x, 1);
            INDArray a = all.keptActivation(layer + 1).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0));
            double[] pytorch = (a.rank() == 3 ? a.permute(2, 0, 1) : a).dup('c').data().asDouble();
            double sum = 0;
            for (int k = 0; k < u.length; k++) {
                sum += u[k] * pytorch[k];
            }
            return sum;
        } finally {
            all.release();
        }
    }

    /** u·logits of the test-mode forward, in double. */
    private static double objective(CpuNetwork net, float[] x, double[] u) {
        INDArray logits = net.testForward().run(x, 1);
        double sum = 0;
        for (int c = 0; c < u.length; c++) {
            sum += u[c] * logits.getDouble(0, c);
        }
        return sum;
    }

    private static CpuNetwork network() {
        CpuNetwork net = new CpuNetwork(SPEC, 5, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(9);
        for (CompiledLayer.Parameter p : net.arrays().parameters()) {
            INDArray w = net.arrays().array(p.variable());
            w.addi(Nd4j.rand(DataType.DOUBLE, w.shape()).subi(0.5).muli(0.2));
        }
        RunningStatistics bn = net.arrays().runningStatistics(1);
        bn.mean.assign(Nd4j.createFromArray(0.2, -0.1, 0.05));
        bn.var.assign(Nd4j.createFromArray(1.5, 0.7, 2.0));
        return net;
    }

    private static float[] image(long seed) {
        Random random = new Random(seed);
        float[] x = new float[2 * 6 * 6];
        for (int k = 0; k < x.length; k++) {
            x[k] = Math.round(random.nextGaussian() * 4096) / 4096f;
        }
        return x;
    }

    private static float[] toFloats(double[] u) {
        float[] f = new float[u.length];
        for (int k = 0; k < u.length; k++) {
            f[k] = (float) u[k];
        }
        return f;
    }
}
