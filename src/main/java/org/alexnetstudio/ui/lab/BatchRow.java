package org.alexnetstudio.ui.lab;

/**
 * One run in exercise 3's table: batch size against accuracy, speed and memory.
 *
 * @param estimateBytes  one training batch's memory counted from the shapes
 * @param peakRssBytes   the app's measured peak resident memory during the run (-1: not measured)
 * @param gpuPeakBytes   the GPU's measured peak (-1: no GPU measurement)
 */
public record BatchRow(int run, int batchSize, int epochs, double testAccuracy, double examplesPerSec,
                       long estimateBytes, long peakRssBytes, long gpuPeakBytes) {
}
