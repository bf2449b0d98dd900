package org.alexnetstudio.train;

/** The numbers of one epoch, kept in the history (and in checkpoints). */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testAccuracy,
                           double examplesPerSec) {

    /** {@code epoch 3, loss 0.412, train acc 0.848, test acc 0.861}. */
    public String line() {
        return String.format(java.util.Locale.ROOT, "epoch %d, loss %.3f, train acc %.3f, test acc %.3f",
                epoch, trainLoss, trainAccuracy, testAccuracy);
    }
}
