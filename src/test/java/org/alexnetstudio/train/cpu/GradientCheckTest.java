package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
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
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.Sigmoid;
import org.alexnetstudio.model.Tanh;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Analytic gradients of a tiny stack with every layer kind against central differences, in double: the
 * CPU backend's hand-written backward passes, and the SameDiff oracle's automatic ones.
 */
class GradientCheckTest {

    private static final double H = 1e-6;

    // 2×7×7 → conv3 p1: 3×7×7 → BN → Tanh → LRN(3) → maxpool 3/1 p1: 3×7×7 → avgpool 3/2 p1: ⌊(7+2−3)/2⌋+1 = 4
    // → conv 2 → 4×3×3 → Sigmoid → LRN(2, even) → ReLU → Flatten 36 → Linear 5 → Dropout → Linear 3
    private static final NetworkSpec SPEC = new NetworkSpec(Shape.chw(2, 7, 7), List.<LayerSpec>of(
            new Conv2d(3, 3, 1, 1), new BatchNorm2d(), new Tanh(), new LocalResponseNorm(3, 0.5, 0.75, 1.0),
            new MaxPool2d(3, 1, 1), new AvgPool2d(3, 2, 1),
            new Conv2d(4, 2, 1, 0), new Sigmoid(), new LocalResponseNorm(2, 0.3, 0.6, 2.0), new ReLU(),
            new Flatten(), new Linear(5), new Dropout(0.4), new Linear(3)));

    @Test
    void theCpuBackendHasCorrectGradientsForEveryLayerKind() {
        NetworkSpec spec = SPEC;
        CpuNetwork net = new CpuNetwork(spec, 7, DataType.DOUBLE);
        net.useShards(1);
        int n = 3;
        Random random = new Random(3);
        float[] x = new float[n * 2 * 7 * 7];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextGaussian();
        }
        int[] labels = {0, 2, 1};
        Nd4j.getRandom().setSeed(5);
        for (CompiledLayer.Parameter p : net.arrays().parameters()) {
            INDArray w = net.arrays().array(p.variable());
            w.addi(Nd4j.rand(DataType.DOUBLE, w.shape()).subi(0.5).muli(0.2));
        }
        // Every pass draws its dropout mask after this seed: the same mask each time.
        java.util.function.DoubleSupplier loss = () -> {
            Nd4j.getRandom().setSeed(5);
            return net.forwardBackward(x, labels, n).loss();
        };
        loss.getAsDouble();
        Map<String, INDArray> analytic = new HashMap<>();
        net.gradients().forEach((k, v) -> analytic.put(k, v.dup()));
        int checked = 0;
        for (CompiledLayer.Parameter p : net.arrays().parameters()) {
            INDArray w = net.arrays().array(p.variable());
            INDArray grad = analytic.get(p.variable());
            long len = w.length();
            for (long k = 0; k < len; k += Math.max(1, len / 6)) {
                double original = w.getDouble(k);
                w.putScalar(k, original + H);
                double plus = loss.getAsDouble();
                w.putScalar(k, original - H);
                double minus = loss.getAsDouble();
                w.putScalar(k, original);
                double numeric = (plus - minus) / (2 * H);
                double a = grad.getDouble(k);
                double scale = Math.max(1e-3, Math.abs(numeric) + Math.abs(a));
                assertTrue(Math.abs(numeric - a) / scale < 1e-4,
                        p.torchKey() + "[" + k + "]: numeric " + numeric + " vs analytic " + a);
                checked++;
            }
        }
        assertTrue(checked > 40, "checked " + checked);
    }

    @Test
    void theOracleHasCorrectGradientsForEveryLayerKind() {
        NetworkSpec spec = SPEC;
        SameDiffNetwork net = SameDiffNetwork.build(spec, 7, DataType.DOUBLE);
        int n = 3;
        Random random = new Random(3);
        double[] x = new double[n * 2 * 7 * 7];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextGaussian();
        }
        INDArray input = Nd4j.create(x, new long[]{n, 2, 7, 7}, 'c');
        INDArray labels = net.oneHot(new int[]{0, 2, 1}, n);
        Map<Integer, INDArray> masks = new HashMap<>();
        Nd4j.getRandom().setSeed(5);
        masks.put(12, net.dropoutMask(12, Shape.features(5), n));
        // Biases start at 0 and BN at γ=1, β=0: perturb them so every path carries signal.
        for (CompiledLayer.Parameter p : net.parameters()) {
            INDArray w = net.array(p.variable());
            w.addi(Nd4j.rand(DataType.DOUBLE, w.shape()).subi(0.5).muli(0.2));
        }

        OutAndGrad result = net.forwardBackward(input, labels, masks);
        double loss = result.getOutputs().get(SameDiffNetwork.LOSS).getDouble(0);
        assertEquals(loss, net.trainingLoss(input, labels, masks), 1e-12);

        int checked = 0;
        for (CompiledLayer.Parameter p : net.parameters()) {
            INDArray w = net.array(p.variable());
            INDArray grad = result.getGradients().get(p.variable());
            assertEquals(java.util.Arrays.toString(p.shape()), java.util.Arrays.toString(grad.shape()), p.torchKey());
            long len = w.length();
            for (long k = 0; k < len; k += Math.max(1, len / 6)) {
                double original = w.getDouble(k);
                w.putScalar(k, original + H);
                double plus = net.trainingLoss(input, labels, masks);
                w.putScalar(k, original - H);
                double minus = net.trainingLoss(input, labels, masks);
                w.putScalar(k, original);
                double numeric = (plus - minus) / (2 * H);
                double analytic = grad.getDouble(k);
                double scale = Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
                assertTrue(Math.abs(numeric - analytic) / scale < 1e-4,
                        p.torchKey() + "[" + k + "]: numeric " + numeric + " vs analytic " + analytic);
                checked++;
            }
        }
        assertTrue(checked > 40, "checked " + checked);
    }
}
