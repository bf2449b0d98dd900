package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.SgdOptimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The test oracle's fused batch-norm op (oneDNN in float32, the generic kernel in double) against batch
 * norm written op by op: same loss, same gradients, same test-mode outputs after the running statistics
 * move. (The oracle must be right to be one.)
 */
class FusedBatchNormTest {

    // 3×6×6 → conv3 p1: 8×6×6 → BN → ReLU → conv3 p0: 5×4×4 → BN → Flatten 80 → Linear 4
    private static final NetworkSpec SPEC = new NetworkSpec(Shape.chw(3, 6, 6), List.<LayerSpec>of(
            new Conv2d(8, 3, 1, 1), new BatchNorm2d(), new ReLU(), new Conv2d(5, 3, 1, 0), new BatchNorm2d(),
            new Flatten(), new Linear(4)));

    @Test
    void float32MatchesTheFormula() {
        compare(DataType.FLOAT, 1e-4);
    }

    @Test
    void doubleMatchesTheFormula() {
        compare(DataType.DOUBLE, 1e-6);
    }

    private static void compare(DataType dtype, double tolerance) {
        SameDiffNetwork fused = SameDiffNetwork.build(SPEC, 11, dtype);
        SameDiffNetwork formula = SameDiffNetwork.buildWithFormulaBatchNorm(SPEC, 11, dtype);
        int n = 6;
        Random random = new Random(4);
        float[] x = new float[n * 3 * 6 * 6];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (random.nextGaussian() * 2 + 0.5);
        }
        int[] labels = {0, 1, 2, 3, 1, 0};
        // γ and β away from 1 and 0 so that their gradients and effects show (seeded: the outcome must
        // not depend on which tests ran before in this JVM).
        Nd4j.getRandom().setSeed(8);
        for (CompiledLayer.Parameter p : fused.parameters()) {
            INDArray w = fused.array(p.variable());
            w.addi(Nd4j.rand(DataType.DOUBLE, w.shape()).subi(0.5).castTo(dtype));
            formula.assign(p.variable(), w);
        }
        OutAndGrad a = fused.forwardBackward(fused.inputArray(x, n), fused.oneHot(labels, n), null);
        OutAndGrad b = formula.forwardBackward(formula.inputArray(x, n), formula.oneHot(labels, n), null);
        assertClose(b.getOutputs().get(SameDiffNetwork.LOSS), a.getOutputs().get(SameDiffNetwork.LOSS), tolerance, 1e-2, "loss");
        // A conv bias right before batch norm has a true gradient of 0: both give rounding noise there
        // (libnd4j's batchnorm_bp is only float-accurate, ~1e-8, in double), measured against a tenth
        // of the largest gradient rather than against itself.
        double largest = 0;
        for (CompiledLayer.Parameter p : fused.parameters()) {
            largest = Math.max(largest, b.getGradients().get(p.variable()).amaxNumber().doubleValue());
        }
        for (CompiledLayer.Parameter p : fused.parameters()) {
            assertClose(b.getGradients().get(p.variable()), a.getGradients().get(p.variable()), tolerance,
                    Math.max(1e-2, 0.1 * largest), p.torchKey());
        }
        // Batch statistics (the running-statistics update reads them) and test mode.
        for (int layer : new int[]{1, 4}) {
            assertClose(b.getOutputs().get(SameDiffNetwork.batchMeanName(layer)),
                    a.getOutputs().get(SameDiffNetwork.batchMeanName(layer)), tolerance, 1e-2, "mean " + layer);
            assertClose(b.getOutputs().get(SameDiffNetwork.batchVarName(layer)),
                    a.getOutputs().get(SameDiffNetwork.batchVarName(layer)), tolerance, 1e-2, "var " + layer);
        }
        SgdOptimizer sgd = new SgdOptimizer(0.1, 0, 0);
        fused.trainStep(x, labels, n, sgd);
        formula.trainStep(x, labels, n, new SgdOptimizer(0.1, 0, 0));
        float[][] pa = fused.logits(x, n);
        float[][] pb = formula.logits(x, n);
        for (int k = 0; k < n; k++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(pb[k][c], pa[k][c], Math.max(1e-4, tolerance) * (1 + Math.abs(pb[k][c])), "test-mode logit");
            }
        }
    }

    // Relative to the largest expected value, at least `floor`.
    private static void assertClose(INDArray expected, INDArray actual, double tolerance, double floor, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double scale = Math.max(floor, expected.amaxNumber().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance * scale, what + ": max difference " + diff + " (scale " + scale + ")");
    }
}
