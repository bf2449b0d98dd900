package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.DirectStepTest.assertClose;
import static org.alexnetstudio.train.cpu.DirectStepTest.images;
import static org.alexnetstudio.train.cpu.DirectStepTest.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.SgdOptimizer;
import org.alexnetstudio.train.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A batch split across threads ({@link DataParallel}) trains exactly as the whole batch at once. */
class DataParallelTest {

    // 1×10×10 → conv3 p1: 4×10×10 → BN → ReLU → maxpool 2/2: 4×5×5 → conv3 p1: 6×5×5 → BN → ReLU
    // → Flatten 150 → Linear 12 → ReLU → Dropout → Linear 10
    private static final NetworkSpec SMALL = new NetworkSpec(Shape.chw(1, 10, 10), List.<LayerSpec>of(
            new Conv2d(4, 3, 1, 1), new BatchNorm2d(), new ReLU(), new MaxPool2d(2, 2),
            new Conv2d(6, 3, 1, 1), new BatchNorm2d(), new ReLU(), new Flatten(),
            new Linear(12), new ReLU(), new Dropout(0.5), new Linear(10)));

    @Test
    void twoShardsTrainAsOneBatchInDouble() {
        // 37 examples: shards of 19 and 18, then a last batch of 20 (10 + 10)
        compareSteps(SMALL, 2, new int[]{37, 37, 20}, DataType.DOUBLE, 1e-10);
    }

    @Test
    void threeShardsOfUnequalSizeTrainAsOneBatch() {
        // 40 = 14 + 13 + 13
        compareSteps(SMALL, 3, new int[]{40, 40}, DataType.DOUBLE, 1e-10);
    }

    @Test
    void alexnetMiniWithMomentumAndWeightDecay() {
        compareSteps(Presets.alexnetMini(), 2, new int[]{32, 32}, DataType.DOUBLE, 1e-9);
    }

    @Test
    void alexnetMiniInFloat() {
        // One step: after it, float rounding (summation order differs) grows through lr 0.05 and
        // momentum to ~2 % in the first conv's gradient at step 2; double agrees to 1e-9 (above).
        compareSteps(Presets.alexnetMini(), 2, new int[]{32}, DataType.FLOAT, 2e-4);
    }

    @Test
    void openBlasRunsOneThreadWhileSplitStepsRunAndItsCountComesBackAfterTheLast() {
        Blas blas = Nd4j.factory().blas();
        int reported = blas.getMaxThreads();
        // OpenBLAS's own count: the switch bypasses ND4J's setter (OpenBlasThreads)
        org.bytedeco.javacpp.Pointer address = org.bytedeco.javacpp.Loader.addressof("openblas_get_num_threads");
        assertNotNull(address);
        com.sun.jna.Function get = com.sun.jna.Function.getFunction(new com.sun.jna.Pointer(address.address()));
        int before = get.invokeInt(new Object[0]);
        DataParallel.withSingleThreadedBlas(() -> {
            assertEquals(1, get.invokeInt(new Object[0]));
            DataParallel.withSingleThreadedBlas(() -> null); // a second split step that ends first
            assertEquals(1, get.invokeInt(new Object[0]));
            return null;
        });
        assertEquals(before, get.invokeInt(new Object[0]));
        assertEquals(reported, blas.getMaxThreads(), "ND4J's bookkeeping is untouched");
    }

    @Test
    void smallBatchesRunUnsplit() {
        CpuNetwork net = new CpuNetwork(SMALL, 1, DataType.DOUBLE);
        net.useShards(2);
        assertEquals(2, net.trainingShards());
        // 15 < 2 × MIN_PER_SHARD: the primary runs it alone
        TrainingStep.Pass pass = net.forwardBackward(images(SMALL.input(), 15, 1), labels(15, 10, 0), 15);
        assertEquals(15, pass.plan().n);
        TrainingStep.Pass split = net.forwardBackward(images(SMALL.input(), 16, 1), labels(16, 10, 0), 16);
        assertEquals(8, split.plan().n);
        assertEquals(16, split.examples());
    }

    @Test
    void aShardThatFailsReportsItsOwnErrorAndTheNextStepWorks() {
        CpuNetwork net = new CpuNetwork(SMALL, 1, DataType.FLOAT);
        net.useShards(2);
        SgdOptimizer sgd = new SgdOptimizer(0.05, 0.9, 0);
        int n = 32;
        float[] x = images(SMALL.input(), n, 3);
        int[] bad = labels(n, 10, 0);
        bad[n - 1] = 12; // in the second shard, which fails while the first waits at batch norm's exchange
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(IllegalArgumentException.class, () -> net.trainStep(x, bad, n, sgd)));
        assertTrue(e.getMessage().contains("label 12"), e.getMessage());
        Network.StepResult ok = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> net.trainStep(x, labels(n, 10, 0), n, sgd));
        assertTrue(Double.isFinite(ok.loss()));
        assertEquals(n, ok.size());
    }

    /**
     * The same network trained unsplit and split into {@code shards}, step by step with the same inputs
     * and RNG seed: losses, correct counts, gradients, parameters and running statistics agree.
     */
    private static void compareSteps(NetworkSpec spec, int shards, int[] sizes, DataType dtype, double tolerance) {
        CpuNetwork whole = new CpuNetwork(spec, 5, dtype);
        CpuNetwork split = new CpuNetwork(spec, 5, dtype);
        whole.useShards(1);
        split.useShards(shards);
        assertEquals(1, whole.trainingShards());
        assertEquals(shards, split.trainingShards());
        SgdOptimizer sgdWhole = new SgdOptimizer(0.05, 0.9, 5e-4);
        SgdOptimizer sgdSplit = new SgdOptimizer(0.05, 0.9, 5e-4);
        for (int step = 0; step < sizes.length; step++) {
            int n = sizes[step];
            float[] x = images(spec.input(), n, 20 + step);
            int[] y = labels(n, 10, step);
            Nd4j.getRandom().setSeed(300 + step);
            Network.StepResult a = whole.trainStep(x, y, n, sgdWhole);
            Nd4j.getRandom().setSeed(300 + step);
            Network.StepResult b = split.trainStep(x, y, n, sgdSplit);
            assertEquals(a.loss(), b.loss(), tolerance * (1 + Math.abs(a.loss())), "loss of step " + step);
            assertEquals(a.correct(), b.correct(), "correct of step " + step);
            assertEquals(n, b.size());
            Map<String, INDArray> ga = whole.gradients();
            Map<String, INDArray> gb = split.gradients();
            for (String key : ga.keySet()) {
                // floor 1e-2: a conv bias right before batch norm has a true gradient of 0, and in float
                // both paths give rounding noise of ~1e-6 there
                assertClose(ga.get(key), gb.get(key), tolerance, 1e-2, "gradient " + key + " of step " + step);
            }
        }
        Map<String, Tensor> expected = whole.stateDict();
        Map<String, Tensor> actual = split.stateDict();
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            // stateDict holds float copies: compare at float precision
            assertClose(DirectStepTest.array(expected.get(key)), DirectStepTest.array(actual.get(key)),
                    Math.max(tolerance, 1e-6), 1e-2, key);
        }
    }
}
