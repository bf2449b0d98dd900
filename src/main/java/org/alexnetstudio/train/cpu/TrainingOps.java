package org.alexnetstudio.train.cpu;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer's training-mode ops for one batch size, built once and run every step.
 *
 * @param forward          computes the output from the input
 * @param backward         computes the parameter gradients and (unless skipped) the input's gradient; null: none
 * @param gradientInPlace  for kinds whose backward works in place: where the input's gradient is
 *                         afterwards (the output gradient's buffer, possibly reshaped); null otherwise
 */
record TrainingOps(Runnable forward, Runnable backward, INDArray gradientInPlace) {

    static TrainingOps of(Runnable forward, Runnable backward) {
        return new TrainingOps(forward, backward, null);
    }

    static TrainingOps inPlace(Runnable forward, Runnable backward, INDArray gradient) {
        return new TrainingOps(forward, backward, gradient);
    }
}
