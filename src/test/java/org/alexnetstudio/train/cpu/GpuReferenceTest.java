package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.train.Tensor;
import org.alexnetstudio.train.gpu.StepCheck;
import org.alexnetstudio.train.gpu.StepReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU check's host side on the CPU: the reference files round-trip, the CPU repeating its own cases
 * passes every row (the comparison and the file format are right), a changed value fails its row, and the
 * cases stay within the GPU machine's carry.
 */
class GpuReferenceTest {

    @TempDir
    Path dir;

    @Test
    void casesRoundTripAndTheCpuRepeatingThemPassesEveryRow() throws Exception {
        List<StepReference.Row> rows = new ArrayList<>();
        for (GpuReferenceWriter.Case c : GpuReferenceWriter.kindCases()) {
            StepReference written = GpuReferenceWriter.compute(c, 17);
            written.write(dir);
            StepReference read = StepReference.read(dir, c.name());
            assertEquals(written.spec(), read.spec(), c.name());
            assertEquals(written.steps(), read.steps());
            assertEquals(written.seed(), read.seed());
            assertEquals(written.tensors().keySet(), read.tensors().keySet());
            written.tensors().forEach((k, v) -> assertEquals(v, read.tensors().get(k), c.name() + " " + k));

            CpuNetwork replay = CpuNetwork.build(read.spec(), read.seed());
            replay.useShards(1);
            rows.addAll(StepCheck.run(read, GpuReferenceWriter.subject(replay)));
        }
        String table = StepReference.table(rows);
        assertTrue(rows.stream().allMatch(StepReference.Row::passed), table);
        // every case has: initial weights, initial logits, feature maps, the explanation, per step
        // loss/correct/gradients/parameters/updates and momentum (the second step's only: the first one's is its
        // gradient), final logits: 4 + 2·5 + 1 + 1 = 16 rows
        assertEquals(16 * GpuReferenceWriter.kindCases().size(), rows.size(), table);
        assertTrue(table.endsWith(rows.size() + " of " + rows.size() + " checks passed\n"), table);
        assertTrue(StepReference.names(dir).contains("kind-dropout"));
        // the dropout case carries the CPU's masks: 0 or 1/(1 − p)
        StepReference drop = StepReference.read(dir, "kind-dropout");
        float[] mask = drop.tensors().get(StepReference.mask(1, 5)).floats();
        for (float m : mask) {
            assertTrue(m == 0f || m == 2f, "p = 0.5: " + m);
        }
    }

    @Test
    void aChangedGradientFailsItsRowAndTheTableSaysSo() throws Exception {
        GpuReferenceWriter.Case c = GpuReferenceWriter.kindCases().get(0);
        StepReference ref = GpuReferenceWriter.compute(c, 17);
        Map<String, Tensor> t = new java.util.LinkedHashMap<>(ref.tensors());
        String key = StepReference.gradient(1, "1.weight");
        float[] g = t.get(key).floats();
        g[3] += 0.01f * maxAbs(g); // 1% of the largest gradient: ten times the limit
        t.put(key, Tensor.of(g, t.get(key).shape()));
        StepReference changed = new StepReference(ref.name(), ref.description(), ref.spec(), ref.seed(), ref.batch(),
                ref.testBatch(), ref.steps(), t);
        CpuNetwork replay = CpuNetwork.build(ref.spec(), ref.seed());
        replay.useShards(1);
        List<StepReference.Row> rows = StepCheck.run(changed, GpuReferenceWriter.subject(replay));
        StepReference.Row grads = rows.stream().filter(r -> r.quantity().equals("step 1 gradients")).findFirst().orElseThrow();
        assertFalse(grads.passed());
        assertEquals("1.weight", grads.worst());
        assertEquals(0.01, grads.error(), 1e-4);
        String table = StepReference.table(rows);
        assertTrue(table.contains("FAIL") && table.endsWith("; 1 FAILED\n"), table);
    }

    @Test
    void relativeErrorIsTheLargestDifferenceOverTheLargestValue() {
        // |1.001 − 1| = 0.001 largest difference, 4 the largest expected value: 2.5e-4
        assertEquals(2.5e-4, StepReference.relativeError(new float[]{1.001f, -4}, new float[]{1, -4}), 1e-7);
        assertEquals(0, StepReference.relativeError(new float[]{0, 0}, new float[]{0, 0}));
        assertEquals(Double.POSITIVE_INFINITY, StepReference.relativeError(new float[]{Float.NaN}, new float[]{1}));
        assertEquals(Double.POSITIVE_INFINITY, StepReference.relativeError(new float[]{1}, new float[]{1, 2}));
    }

    @Test
    void largeTensorsAreSampledAtFixedPositions() {
        long[] small = StepReference.positions("0.bias", 96);
        assertEquals(96, small.length);
        long[] big = StepReference.positions("16.weight", 4096L * 4096);
        assertEquals(StepReference.SAMPLE, big.length);
        assertArrayEquals(big, StepReference.positions("16.weight", 4096L * 4096), "the same positions every time");
        Tensor t = Tensor.of(new float[]{5, 6, 7, 8}, 4);
        assertArrayEquals(new float[]{6, 8}, StepReference.pick(t, new long[]{1, 3}).floats());
    }

    @Test
    void thePresetCasesFitTheCarry() throws Exception {
        long bytes = 0;
        for (GpuReferenceWriter.Case c : GpuReferenceWriter.presetCases()) {
            StepReference ref = GpuReferenceWriter.compute(c, 17);
            ref.write(dir);
            bytes += Files.size(dir.resolve(c.name() + ".npz"));
        }
        // the carry's budget for the preset cases (docs/decisions/0007): 6 MiB before compression
        assertTrue(bytes < 6L << 20, bytes + " bytes");
    }

    private static float maxAbs(float[] v) {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
