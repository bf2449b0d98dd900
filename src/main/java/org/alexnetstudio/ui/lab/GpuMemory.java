package org.alexnetstudio.ui.lab;

import java.util.OptionalLong;

/**
 * The measured peak memory of the GPU a run trains on. The app passes the chosen backend's
 * ({@code Backend.peakMemory}: the GPU backend samples the device's free memory after every step; the
 * CPU's measures nothing, so the Lab shows the counted memory and says that nothing was measured,
 * rather than a number it did not measure). Tests pass {@link #NONE} or their own.
 */
public interface GpuMemory {

    /** No GPU measurement. */
    GpuMemory NONE = new GpuMemory() {
        @Override
        public void resetPeak() {
        }

        @Override
        public OptionalLong peakBytes() {
            return OptionalLong.empty();
        }
    };

    /** A run starts: the peak counts from now. */
    void resetPeak();

    /** The peak since {@link #resetPeak()}, in bytes; empty when not measured. */
    OptionalLong peakBytes();
}
