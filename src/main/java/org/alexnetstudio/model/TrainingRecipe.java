package org.alexnetstudio.model;

/**
 * How a preset is meant to be trained: the book's {@code train_ch6} knobs.
 *
 * @param resize       input size the 28×28 images are resized to (28 = no resize)
 * @param weightDecay  L2 penalty added by SGD (0 = none)
 * @param schedule     how the learning rate changes over the run (the book: constant)
 */
public record TrainingRecipe(int resize, int epochs, int batchSize, double learningRate,
                             double momentum, double weightDecay, LearningRateSchedule schedule) {

    public TrainingRecipe {
        schedule = schedule == null ? LearningRateSchedule.CONSTANT : schedule;
    }

    /** A recipe with the book's constant learning rate. */
    public TrainingRecipe(int resize, int epochs, int batchSize, double learningRate, double momentum,
                          double weightDecay) {
        this(resize, epochs, batchSize, learningRate, momentum, weightDecay, LearningRateSchedule.CONSTANT);
    }

    /** The book's AlexNet recipe: resize 224, 10 epochs, batch 128, SGD lr 0.01. */
    public static TrainingRecipe book(int resize) {
        return new TrainingRecipe(resize, 10, 128, 0.01, 0, 0);
    }
}
