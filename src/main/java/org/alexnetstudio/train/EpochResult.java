package org.alexnetstudio.train;

import java.util.List;

/**
 * One epoch's outcome, with what the GUI shows about it.
 *
 * @param confusion        [true][predicted] counts over the test set
 * @param misclassified    wrong test predictions, most confident first
 * @param convWeights      copies of every conv layer's weights at the end of this epoch
 * @param examplesPerSec   training examples per second in this epoch
 */
public record EpochResult(int epoch, int epochs, double trainLoss, double trainAccuracy, double testAccuracy,
                          double[] perClassAccuracy, int[][] confusion, List<Misclassified> misclassified,
                          List<ConvWeights> convWeights, double examplesPerSec) {

    public EpochMetrics metrics() {
        return new EpochMetrics(epoch, trainLoss, trainAccuracy, testAccuracy, examplesPerSec);
    }
}
