package org.alexnetstudio.train;

import java.util.ArrayList;
import java.util.List;
import org.alexnetstudio.model.LearningRateSchedule;
import org.alexnetstudio.model.TrainingRecipe;

/**
 * The knobs of the book's {@code train_ch6}, plus what the app adds.
 *
 * @param learningRate  SGD step size (book: 0.01)
 * @param momentum      SGD momentum, PyTorch's semantics (0 = plain SGD)
 * @param weightDecay   L2 penalty added to every gradient (0 = none)
 * @param batchSize     examples per step (book: 128)
 * @param epochs        passes over the training set (book: 10)
 * @param seed          weights, shuffling and dropout are drawn from it
 * @param resize        images are resized to resize×resize (book: 224; 28 = as stored)
 * @param trainLimit    use at most this many training images, class-balanced (0 = all)
 * @param testLimit     use at most this many test images (0 = all)
 * @param schedule      learning rate over the run (book: constant)
 */
public record TrainingConfig(double learningRate, double momentum, double weightDecay, int batchSize, int epochs,
                             long seed, int resize, int trainLimit, int testLimit, LearningRateSchedule schedule) {

    public TrainingConfig {
        schedule = schedule == null ? LearningRateSchedule.CONSTANT : schedule;
    }

    /** Settings with the book's constant learning rate. */
    public TrainingConfig(double learningRate, double momentum, double weightDecay, int batchSize, int epochs,
                          long seed, int resize, int trainLimit, int testLimit) {
        this(learningRate, momentum, weightDecay, batchSize, epochs, seed, resize, trainLimit, testLimit,
                LearningRateSchedule.CONSTANT);
    }

    /** The book's AlexNet run: lr 0.01, batch 128, 10 epochs, resize 224. */
    public static TrainingConfig book() {
        return fromRecipe(TrainingRecipe.book(224));
    }

    public static TrainingConfig fromRecipe(TrainingRecipe r) {
        return new TrainingConfig(r.learningRate(), r.momentum(), r.weightDecay(), r.batchSize(), r.epochs(),
                0, r.resize(), 0, 0, r.schedule());
    }

    /** Readable problems with these settings (empty when they are usable), in the default language. */
    public List<String> problems() {
        return problems(java.util.Locale.getDefault());
    }

    /** Readable problems with these settings in {@code locale} (empty when they are usable). */
    public List<String> problems(java.util.Locale locale) {
        List<String> p = new ArrayList<>();
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            p.add(TrainMessages.format(locale, "config.learningRate", learningRate));
        }
        if (!(momentum >= 0 && momentum < 1)) {
            p.add(TrainMessages.format(locale, "config.momentum", momentum));
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            p.add(TrainMessages.format(locale, "config.weightDecay", weightDecay));
        }
        if (batchSize < 1) {
            p.add(TrainMessages.format(locale, "config.batchSize", batchSize));
        }
        if (epochs < 1) {
            p.add(TrainMessages.format(locale, "config.epochs", epochs));
        }
        if (resize < 1) {
            p.add(TrainMessages.format(locale, "config.resize", resize));
        }
        if (trainLimit < 0 || testLimit < 0) {
            p.add(TrainMessages.format(locale, "config.limits", trainLimit, testLimit));
        }
        return p;
    }

    public TrainingConfig withLearningRate(double v) {
        return new TrainingConfig(v, momentum, weightDecay, batchSize, epochs, seed, resize, trainLimit, testLimit, schedule);
    }

    public TrainingConfig withMomentum(double v) {
        return new TrainingConfig(learningRate, v, weightDecay, batchSize, epochs, seed, resize, trainLimit, testLimit, schedule);
    }

    public TrainingConfig withWeightDecay(double v) {
        return new TrainingConfig(learningRate, momentum, v, batchSize, epochs, seed, resize, trainLimit, testLimit, schedule);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(learningRate, momentum, weightDecay, v, epochs, seed, resize, trainLimit, testLimit, schedule);
    }

    public TrainingConfig withEpochs(int v) {
        return new TrainingConfig(learningRate, momentum, weightDecay, batchSize, v, seed, resize, trainLimit, testLimit, schedule);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(learningRate, momentum, weightDecay, batchSize, epochs, v, resize, trainLimit, testLimit, schedule);
    }

    public TrainingConfig withResize(int v) {
        return new TrainingConfig(learningRate, momentum, weightDecay, batchSize, epochs, seed, v, trainLimit, testLimit, schedule);
    }

    public TrainingConfig withLimits(int train, int test) {
        return new TrainingConfig(learningRate, momentum, weightDecay, batchSize, epochs, seed, resize, train, test, schedule);
    }

    public TrainingConfig withSchedule(LearningRateSchedule v) {
        return new TrainingConfig(learningRate, momentum, weightDecay, batchSize, epochs, seed, resize, trainLimit,
                testLimit, v);
    }

    /** The learning rate of step {@code step} (0-based, counted over the whole run) of {@code totalSteps}. */
    public double learningRateAt(long step, long totalSteps) {
        return schedule.rate(learningRate, step, totalSteps);
    }
}
