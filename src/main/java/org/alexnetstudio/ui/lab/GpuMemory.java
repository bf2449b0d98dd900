package org.alexnetstudio.ui.lab;

import java.util.OptionalLong;

/**
 * The measured peak memory of the GPU a run trains on: the hook a GPU backend fills in. None does
 * yet, so the app passes {@link #NONE} and the Lab shows the counted memory and says that nothing
 * was measured, rather than a number it did not measure. A GPU backend would implement it with the
 * device's own counters (e.g. the peak of CUDA's used memory between {@link #resetPeak()} and
 * {@link #peakBytes()}) and be passed to {@link Lab#install}.
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
