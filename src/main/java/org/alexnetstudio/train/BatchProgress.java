package org.alexnetstudio.train;

import java.time.Duration;

/**
 * Running metrics within an epoch, like the book's plot points.
 *
 * @param epoch           1-based
 * @param epochFraction   epoch − 1 + (batch / batches): the book's x-axis
 * @param trainLoss       mean loss over this epoch's batches so far
 * @param trainAccuracy   fraction correct over this epoch's examples so far
 * @param examplesPerSec  training examples per second so far (training steps only)
 * @param eta             estimated time to the end of the run (training and testing)
 */
public record BatchProgress(int epoch, int epochs, double epochFraction, int batch, int batches,
                            double trainLoss, double trainAccuracy, double examplesPerSec, Duration eta) {
}
