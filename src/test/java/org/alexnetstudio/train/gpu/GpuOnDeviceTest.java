package org.alexnetstudio.train.gpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.alexnetstudio.train.cpu.GpuReferenceWriter;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's correctness table inside {@code mvn verify} where a usable GPU is present: every layer kind
 * and every preset, one CPU step and the same step on the GPU (loss, gradients, parameters, updates and
 * momentum within 1e-3 relative, logits within 1e-4). Without a GPU it is skipped and says why (the
 * probe's sentence); {@code bench/gpu-check.sh} runs the same comparison on a GPU machine without Maven.
 */
class GpuOnDeviceTest {

    @Test
    void everyLayerKindAndPresetStepsOnTheGpuAsOnTheCpu() {
        GpuStatus status = GpuProbe.status();
        assumeTrue(status.usable(), () -> "GPU checks skipped: " + status.reason());
        List<GpuReferenceWriter.Case> cases = new ArrayList<>(GpuReferenceWriter.kindCases());
        cases.addAll(GpuReferenceWriter.presetCases());
        List<StepReference.Row> rows = new ArrayList<>();
        for (GpuReferenceWriter.Case c : cases) {
            StepReference ref = GpuReferenceWriter.compute(c, 17);
            GpuNetwork net = GpuNetwork.build(ref.spec(), ref.seed());
            try {
                rows.addAll(StepCheck.run(ref, StepCheck.of(net)));
            } finally {
                net.releaseBuffers();
            }
        }
        String table = StepReference.table(rows);
        assertTrue(rows.stream().allMatch(StepReference.Row::passed), table);
        // several rows per case (GpuReferenceTest counts them for the kinds on the CPU)
        assertTrue(rows.size() > 10 * cases.size(), table);
    }
}
