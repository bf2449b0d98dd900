package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.LearningRateSchedule;
import org.alexnetstudio.train.SgdOptimizer;
import org.alexnetstudio.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's SGD ({@code torch.optim.SGD(lr, momentum, weight_decay)}, dampening 0) in every path of
 * {@link CpuSgd}, with numbers computed by hand:
 *
 * <pre>
 * lr 0.1, μ 0.9, wd 0.01, w = [1, −2]
 * step 1, g = [0.5, 0.25]:  g + wd·w = [0.5 + 0.01, 0.25 − 0.02] = [0.51, 0.23]
 *                           v = g (first step)            = [0.51, 0.23]
 *                           w − lr·v = [1 − 0.051, −2 − 0.023] = [0.949, −2.023]
 * step 2, g = [−0.1, 0.4]:  g + wd·w = [−0.1 + 0.00949, 0.4 − 0.02023] = [−0.09051, 0.37977]
 *                           v = 0.9·[0.51, 0.23] + g = [0.459 − 0.09051, 0.207 + 0.37977] = [0.36849, 0.58677]
 *                           w − lr·v = [0.949 − 0.036849, −2.023 − 0.058677] = [0.912151, −2.081677]
 * </pre>
 */
class CpuSgdTest {

    private static final double[] W0 = {1, -2};
    private static final double[] G1 = {0.5, 0.25};
    private static final double[] G2 = {-0.1, 0.4};
    private static final double[] AFTER_1 = {0.949, -2.023};
    private static final double[] VELOCITY_1 = {0.51, 0.23};
    private static final double[] AFTER_2 = {0.912151, -2.081677};
    private static final double[] VELOCITY_2 = {0.36849, 0.58677};

    @Test
    void hostLoopInFloat() {
        twoSteps(DataType.FLOAT, 2, 1e-6);
    }

    @Test
    void hostLoopInDouble() {
        twoSteps(DataType.DOUBLE, 2, 1e-12);
    }

    @Test
    void blasPathForLargeArrays() {
        // more values than the host loop takes: the axpy path (the two values above, then zeros)
        int length = (int) CpuSgd.HostLoop.MAX + 2;
        twoSteps(DataType.FLOAT, length, 1e-6);
        twoSteps(DataType.DOUBLE, length, 1e-12);
    }

    /** Runs the two steps on one parameter of {@code length} values (the first two as above, the rest 0). */
    private static void twoSteps(DataType dtype, int length, double tolerance) {
        Fixture f = new Fixture(dtype, length, 1);
        assertEquals(length > CpuSgd.HostLoop.MAX, !CpuSgd.HostLoop.fits(f.weights.get("p0"), f.gradients.get("p0")));
        SgdOptimizer rule = new SgdOptimizer(0.1, 0.9, 0.01);
        f.gradient("p0", G1);
        f.sgd.step(rule, f.parameters, f.weights::get, f.gradients);
        assertClose(AFTER_1, f.weights.get("p0"), tolerance, "w after step 1");
        assertClose(VELOCITY_1, f.sgd.velocity().get("p0"), tolerance, "velocity after step 1 (the gradient)");
        f.gradient("p0", G2);
        f.sgd.step(rule, f.parameters, f.weights::get, f.gradients);
        assertClose(AFTER_2, f.weights.get("p0"), tolerance, "w after step 2");
        assertClose(VELOCITY_2, f.sgd.velocity().get("p0"), tolerance, "velocity after step 2");
        if (length > 2) {
            assertEquals(0.0, f.weights.get("p0").getDouble(length - 1), 0.0, "a zero weight with zero gradient stays");
        }
    }

    @Test
    void withoutMomentumThereIsNoVelocity() {
        // w − lr·(g + wd·w) = [1 − 0.1·0.51, −2 − 0.1·0.23] = [0.949, −2.023]; then
        // [0.949 − 0.1·(−0.09051), −2.023 − 0.1·0.37977] = [0.958051, −2.060977]
        Fixture f = new Fixture(DataType.DOUBLE, 2, 1);
        SgdOptimizer rule = new SgdOptimizer(0.1, 0, 0.01);
        f.gradient("p0", G1);
        f.sgd.step(rule, f.parameters, f.weights::get, f.gradients);
        f.gradient("p0", G2);
        f.sgd.step(rule, f.parameters, f.weights::get, f.gradients);
        assertClose(new double[]{0.958051, -2.060977}, f.weights.get("p0"), 1e-12, "plain SGD");
        assertTrue(f.sgd.velocity().isEmpty());
    }

    @Test
    void theCurrentRateIsTheOneUsed() {
        // A schedule sets the rate before each step: at 0.05, step 1 gives w − 0.05·[0.51, 0.23] = [0.9745, −2.0115]
        Fixture f = new Fixture(DataType.DOUBLE, 2, 1);
        SgdOptimizer rule = new SgdOptimizer(0.1, 0.9, 0.01);
        rule.setCurrentRate(0.05);
        f.gradient("p0", G1);
        f.sgd.step(rule, f.parameters, f.weights::get, f.gradients);
        assertClose(new double[]{0.9745, -2.0115}, f.weights.get("p0"), 1e-12, "half rate");
        assertEquals(0.1, rule.learningRate());
    }

    @Test
    void partsOfTheParametersAddUpToTheWholeStep() {
        // Three parameters in 2 parts: part 0 takes parameters 0 and 2, part 1 parameter 1 (DataParallel's shards).
        Fixture whole = new Fixture(DataType.DOUBLE, 2, 3);
        Fixture split = new Fixture(DataType.DOUBLE, 2, 3);
        SgdOptimizer rule = new SgdOptimizer(0.1, 0.9, 0.01);
        for (Fixture f : List.of(whole, split)) {
            for (String p : List.of("p0", "p1", "p2")) {
                f.gradient(p, G1);
            }
        }
        whole.sgd.step(rule, whole.parameters, whole.weights::get, whole.gradients);
        split.sgd.step(rule, split.parameters, split.weights::get, split.gradients, 0, 2);
        assertClose(AFTER_1, split.weights.get("p0"), 1e-12, "part 0 updates parameter 0");
        assertClose(W0, split.weights.get("p1"), 0, "part 0 leaves parameter 1");
        assertClose(AFTER_1, split.weights.get("p2"), 1e-12, "part 0 updates parameter 2");
        split.sgd.step(rule, split.parameters, split.weights::get, split.gradients, 1, 2);
        for (String p : List.of("p0", "p1", "p2")) {
            assertClose(AFTER_1, split.weights.get(p), 1e-12, p + " after both parts");
            assertClose(VELOCITY_1, split.sgd.velocity().get(p), 1e-12, p + " velocity");
        }
        // second step, both parts: the same as the whole
        for (Fixture f : List.of(whole, split)) {
            for (String p : List.of("p0", "p1", "p2")) {
                f.gradient(p, G2);
            }
        }
        whole.sgd.step(rule, whole.parameters, whole.weights::get, whole.gradients);
        split.sgd.step(rule, split.parameters, split.weights::get, split.gradients, 1, 2);
        split.sgd.step(rule, split.parameters, split.weights::get, split.gradients, 0, 2);
        for (String p : List.of("p0", "p1", "p2")) {
            assertClose(AFTER_2, whole.weights.get(p), 1e-12, p + " whole");
            assertClose(AFTER_2, split.weights.get(p), 1e-12, p + " in parts");
        }
    }

    @Test
    void restoredVelocityContinuesTheRun() {
        // Resuming from step 1's velocity and weights gives step 2 exactly (checkpoint resume, NaN rollback).
        Fixture f = new Fixture(DataType.DOUBLE, 2, 1);
        f.weights.get("p0").assign(Nd4j.createFromArray(AFTER_1));
        f.sgd.setVelocity(Map.of("p0", Nd4j.createFromArray(VELOCITY_1)));
        f.gradient("p0", G2);
        f.sgd.step(new SgdOptimizer(0.1, 0.9, 0.01), f.parameters, f.weights::get, f.gradients);
        assertClose(AFTER_2, f.weights.get("p0"), 1e-12, "w after the resumed step");
    }

    @Test
    void cosineScheduleFollowsPyTorchsFormula() {
        // lr·½(1 + cos(π·t/T)), T = 4 steps, lr 0.05:
        // t=0: 0.05; t=1: 0.025·(1 + 0.70710678) = 0.04267767; t=2: 0.025; t=3: 0.025·(1 − 0.70710678) = 0.00732233; t=4: 0
        TrainingConfig c = TrainingConfig.book().withLearningRate(0.05).withSchedule(LearningRateSchedule.COSINE);
        double[] expected = {0.05, 0.04267767, 0.025, 0.00732233, 0.0};
        for (int t = 0; t <= 4; t++) {
            assertEquals(expected[t], c.learningRateAt(t, 4), 1e-8, "step " + t);
        }
        TrainingConfig constant = TrainingConfig.book().withLearningRate(0.05);
        assertEquals(0.05, constant.learningRateAt(3, 4), 0.0);
        assertFalse(LearningRateSchedule.COSINE.rate(0.05, 1, 4) == 0.05);
    }

    static void assertClose(double[] expected, INDArray actual, double tolerance, String what) {
        for (int k = 0; k < expected.length; k++) {
            double a = actual.getDouble(k);
            assertEquals(expected[k], a, tolerance * Math.max(1, Math.abs(expected[k])), what + " [" + k + "]");
        }
    }

    /** Parameters p0.. of {@code length} values, W0 first, and their gradient buffers. */
    private static final class Fixture {
        final List<CompiledLayer.Parameter> parameters = new ArrayList<>();
        final Map<String, INDArray> weights = new HashMap<>();
        final Map<String, INDArray> gradients = new HashMap<>();
        final CpuSgd sgd = new CpuSgd();
        final int length;
        final DataType dtype;

        Fixture(DataType dtype, int length, int count) {
            this.length = length;
            this.dtype = dtype;
            for (int i = 0; i < count; i++) {
                String name = "p" + i;
                parameters.add(new CompiledLayer.Parameter(name, i + ".weight", new long[]{length}));
                INDArray w = Nd4j.zeros(dtype, length);
                w.putScalar(0, W0[0]);
                w.putScalar(1, W0[1]);
                weights.put(name, w);
                gradients.put(name, Nd4j.zeros(dtype, length));
            }
        }

        /** A fresh gradient (the step overwrites it with g + wd·w). */
        void gradient(String name, double[] values) {
            INDArray g = gradients.get(name);
            g.assign(0);
            g.putScalar(0, values[0]);
            g.putScalar(1, values[1]);
        }
    }
}
