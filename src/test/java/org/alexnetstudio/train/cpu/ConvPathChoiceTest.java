package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.DirectStepTest.images;
import static org.alexnetstudio.train.cpu.DirectStepTest.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.SgdOptimizer;
import org.alexnetstudio.train.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A conv layer's two training paths timed in its first steps, and the faster one kept. */
class ConvPathChoiceTest {

    // 1×12×12 → conv3 p1: 4×12×12 → ReLU → maxpool 2/2: 4×6×6 → conv3 p1: 6×6×6 (measured) → ReLU
    // → conv3 p1: 8×6×6 (measured) → Flatten 288 → Linear 10
    private static final NetworkSpec TWO_MEASURED = new NetworkSpec(Shape.chw(1, 12, 12), List.<LayerSpec>of(
            new Conv2d(4, 3, 1, 1), new ReLU(), new MaxPool2d(2, 2), new Conv2d(6, 3, 1, 1), new ReLU(),
            new Conv2d(8, 3, 1, 1), new Flatten(), new Linear(10)));

    @AfterEach
    void auto() {
        ConvGemm.forced = null;
    }

    @Test
    void afterAWarmUpEachAndThreeAlternatingRoundsTheFasterPathIsKept() {
        List<String> ran = new ArrayList<>();
        List<ConvPathChoice.Decision> told = new ArrayList<>();
        TrainingOps slow = TrainingOps.of(() -> spin(ran, "slow forward", 3_000_000), () -> ran.add("slow backward"));
        TrainingOps fast = TrainingOps.of(() -> ran.add("fast forward"), () -> ran.add("fast backward"));
        TrainingOps ops = new ConvPathChoice(slow, fast, ConvPathChoice.ONEDNN, 32, told::add).ops();
        for (int step = 0; step < ConvPathChoice.steps(); step++) {
            ops.forward().run();
            ops.backward().run();
        }
        // 2 warm-up steps + 3 rounds × 2 paths = 8; the first path tried first, then alternating,
        // each step's backward on the path of its forward
        assertEquals(8, ConvPathChoice.steps());
        for (int step = 0; step < 8; step++) {
            String path = step % 2 == 0 ? "slow" : "fast";
            assertEquals(List.of(path + " forward", path + " backward"), ran.subList(2 * step, 2 * step + 2));
        }
        assertEquals(1, told.size());
        ConvPathChoice.Decision d = told.get(0);
        assertEquals(ConvPathChoice.GEMM, d.path());
        assertTrue(d.onednnMs() >= 3 && d.gemmMs() < d.onednnMs(), d.toString());
        assertEquals(32, d.batch());
        ran.clear();
        for (int step = 0; step < 3; step++) {
            ops.forward().run();
            ops.backward().run();
        }
        assertEquals(List.of("fast forward", "fast backward", "fast forward", "fast backward", "fast forward",
                "fast backward"), ran);
        assertEquals(1, told.size());
    }

    @Test
    void theOtherPathReplacesTheFirstOnlyWhenItIsAtLeastTenPercentFaster() {
        int gemm = ConvPathChoice.GEMM;
        int onednn = ConvPathChoice.ONEDNN;
        // first oneDNN at 15.9 ms, GEMM at 14.8: 7 % faster, within the margin, oneDNN stays
        assertEquals(onednn, ConvPathChoice.choose(onednn, 15.9, 14.8));
        // 8.9 ms against 10 ms: 11 % faster, replaces it; 9.2 (8 %) does not
        assertEquals(gemm, ConvPathChoice.choose(onednn, 10.0, 8.9));
        assertEquals(onednn, ConvPathChoice.choose(onednn, 10.0, 9.2));
        assertEquals(gemm, ConvPathChoice.choose(onednn, 127.7, 32.0));
        // the same from the GEMM side: 39.9 against 22.7 keeps the GEMMs, 11.1 against 17.1 replaces them
        assertEquals(gemm, ConvPathChoice.choose(gemm, 39.9, 22.7));
        assertEquals(onednn, ConvPathChoice.choose(gemm, 11.1, 17.1));
        assertEquals(gemm, ConvPathChoice.choose(gemm, 235.7, 256.6)); // 8 %: stays
    }

    @Test
    void aNetworkThatMeasuresTrainsStepForStepAsTheOneDnnPathAndReportsItsChoice() {
        ConvGemm.forced = "onednn";
        CpuNetwork reference = new CpuNetwork(TWO_MEASURED, 7, DataType.DOUBLE);
        ConvGemm.forced = "auto";
        CpuNetwork measured = new CpuNetwork(TWO_MEASURED, 7, DataType.DOUBLE);
        assertEquals(0, reference.choosingSteps());
        assertEquals(ConvPathChoice.steps(), measured.choosingSteps());
        SgdOptimizer a = new SgdOptimizer(0.05, 0.9, 5e-4);
        SgdOptimizer b = new SgdOptimizer(0.05, 0.9, 5e-4);
        int n = 24;
        for (int step = 0; step < ConvPathChoice.steps() + 3; step++) {
            if (step < ConvPathChoice.steps()) {
                assertEquals("", measured.kernelChoices(), "decided only at the end of step " + ConvPathChoice.steps());
            }
            float[] x = images(TWO_MEASURED.input(), n, 40 + step);
            int[] y = labels(n, 10, step);
            Nd4j.getRandom().setSeed(500 + step);
            Network.StepResult ra = reference.trainStep(x, y, n, a);
            Nd4j.getRandom().setSeed(500 + step);
            Network.StepResult rb = measured.trainStep(x, y, n, b);
            // both paths compute the same step: the losses agree through the measured steps and after
            assertEquals(ra.loss(), rb.loss(), 1e-9 * (1 + Math.abs(ra.loss())), "loss of step " + step);
            assertEquals(ra.correct(), rb.correct());
        }
        assertEquals(0, measured.choosingSteps(), "chosen");
        Map<String, Tensor> pa = reference.stateDict();
        Map<String, Tensor> pb = measured.stateDict();
        for (String key : pa.keySet()) {
            float[] va = pa.get(key).floats();
            float[] vb = pb.get(key).floats();
            for (int i = 0; i < va.length; i++) {
                assertEquals(va[i], vb[i], 1e-5 * (1 + Math.abs(va[i])), key + "[" + i + "]");
            }
        }
        // layers 3 and 5 measured; layer 0, the first trained one, keeps its own backward
        String choices = measured.kernelChoices();
        assertTrue(choices.matches("conv 3 (GEMM|oneDNN) \\(oneDNN [0-9.]+ ms, GEMM [0-9.]+ ms\\), "
                + "conv 5 (GEMM|oneDNN) \\(oneDNN [0-9.]+ ms, GEMM [0-9.]+ ms\\)"), choices);
        assertEquals("", reference.kernelChoices());
        // re-planned once both chose: a layer keeps the GEMM path's buffers only if it trains through it
        for (LayerOps o : measured.opsForTests()) {
            if (o instanceof ConvOps c && c.measures()) {
                boolean gemm = c.decision().path() == ConvPathChoice.GEMM;
                List<String> names = measured.bufferPlan().needs(c.index()).training().stream()
                        .map(LayerNeeds.Buffer::name).toList();
                assertEquals(gemm, names.contains("gemmCols"), "conv " + c.index() + ": " + names);
            }
        }
    }

    @Test
    void forcedPathsMeasureNothing() {
        Conv2d conv = new Conv2d(8, 3, 1, 1);
        Shape in = Shape.chw(4, 6, 6);
        assertEquals(ConvGemm.Choice.MEASURE, ConvGemm.choice(conv, in, false));
        assertEquals(ConvGemm.Choice.ONEDNN, ConvGemm.choice(conv, in, true));
        ConvGemm.forced = "gemm";
        assertEquals(ConvGemm.Choice.GEMM, ConvGemm.choice(conv, in, false));
        ConvOps ops = new ConvOps(3, conv, in, Shape.chw(8, 6, 6), false);
        assertTrue(!ops.measures());
        assertNull(ops.decision());
    }

    private static void spin(List<String> ran, String what, long nanos) {
        ran.add(what);
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
