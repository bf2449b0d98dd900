package org.alexnetstudio.train;

import java.util.Locale;

/**
 * The end of a run, in the book's terms.
 *
 * @param examplesPerSec  training examples over training time (the book's Timer: steps only)
 * @param stopped         the student stopped it before the last epoch
 * @param epochsCompleted epochs with a test evaluation
 */
public record FinalMetrics(double trainLoss, double trainAccuracy, double testAccuracy, double examplesPerSec,
                           String device, int epochsCompleted, boolean stopped) {

    /** {@code loss 0.330, train acc 0.879, test acc 0.877}, as {@code train_ch6} prints it. */
    public String lossLine() {
        return String.format(Locale.ROOT, "loss %.3f, train acc %.3f, test acc %.3f",
                trainLoss, trainAccuracy, testAccuracy);
    }

    /** {@code 1234.5 examples/sec on cpu}. */
    public String speedLine() {
        return String.format(Locale.ROOT, "%.1f examples/sec on %s", examplesPerSec, device);
    }
}
