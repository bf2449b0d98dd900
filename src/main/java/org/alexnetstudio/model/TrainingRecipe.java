package org.alexnetstudio.model;

/**
 * How a preset is meant to be trained: the book's {@code train_ch6} knobs.
 *
 * @param resize       input size the 28×28 images are resized to (28 = no resize)
 * @param weightDecay  L2 penalty added by SGD (0 = none)
 */
public record TrainingRecipe(int resize, int epochs, int batchSize, double learningRate,
                             double momentum, double weightDecay) {

    /** The book's AlexNet recipe: resize 224, 10 epochs, batch 128, SGD lr 0.01. */
    public static TrainingRecipe book(int resize) {
        return new TrainingRecipe(resize, 10, 128, 0.01, 0, 0);
    }
}
