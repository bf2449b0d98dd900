package org.alexnetstudio.train.gpu;

/**
 * The loss and accuracy as the CPU path computes them, on the host from the batch's logits (n·classes
 * values, a few kilobytes): cross-entropy of the softmax, mean over the batch; a prediction is the first
 * largest logit; the gradient with respect to the logits is (softmax − one-hot)/n. Computed in double.
 */
final class SoftmaxLoss {

    /** Mean loss and correct predictions of one batch. */
    record Result(double loss, int correct) {
    }

    private SoftmaxLoss() {
    }

    /**
     * @param logits    n rows of {@code classes} values
     * @param gradient  where (softmax − one-hot)/n goes (same layout), or null
     */
    static Result compute(float[] logits, int[] labels, int n, int classes, float[] gradient) {
        double total = 0;
        int correct = 0;
        double[] p = new double[classes];
        for (int i = 0; i < n; i++) {
            int row = i * classes;
            int label = labels[i];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
            }
            double max = Double.NEGATIVE_INFINITY;
            int best = 0;
            for (int c = 0; c < classes; c++) {
                double v = logits[row + c];
                if (v > max) {
                    max = v;
                }
                if (logits[row + c] > logits[row + best]) {
                    best = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[c] = Math.exp(logits[row + c] - max);
                sum += p[c];
            }
            total += Math.log(sum) + max - logits[row + label];
            correct += best == label ? 1 : 0;
            if (gradient != null) {
                for (int c = 0; c < classes; c++) {
                    gradient[row + c] = (float) ((p[c] / sum - (c == label ? 1 : 0)) / n);
                }
            }
        }
        return new Result(total / n, correct);
    }
}
