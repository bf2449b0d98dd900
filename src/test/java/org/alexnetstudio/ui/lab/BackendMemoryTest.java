package org.alexnetstudio.ui.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.alexnetstudio.train.gpu.GpuBackend;
import org.junit.jupiter.api.Test;

/** The Lab's memory hook asks the training backend; neither the CPU nor an unstarted GPU invents a number. */
class BackendMemoryTest {

    @Test
    void theCpuAndAnUnstartedGpuMeasureNothing() {
        Lab.BACKEND_MEMORY.resetPeak();
        assertEquals(OptionalLong.empty(), Lab.BACKEND_MEMORY.peakBytes(), "nothing chosen here: the CPU's backend");
        GpuBackend gpu = new GpuBackend();
        gpu.resetPeakMemory(); // no device started: nothing to reset, nothing probed
        assertEquals(OptionalLong.empty(), gpu.peakMemory());
    }
}
