package org.alexnetstudio.train;

import java.util.Iterator;
import java.util.List;

/**
 * What the engine trains on: a train and a test split of labelled single-size images, delivered as
 * NCHW float batches at the size the network wants. Fashion-MNIST comes through
 * {@link FashionMnistTrainingData}; tests and benchmarks use {@link SyntheticData}.
 */
public interface TrainingData {

    enum Split { TRAIN, TEST }

    /** Shown to the student, e.g. where the files came from. */
    String description();

    List<String> classNames();

    default int classes() {
        return classNames().size();
    }

    /** Image channels (1 for Fashion-MNIST). */
    int channels();

    int size(Split split);

    int label(Split split, int index);

    /** One image resized to resize×resize, C×H×W floats in [0, 1]. */
    float[] image(Split split, int index, int resize);

    /**
     * One epoch in batches (last partial batch kept), shuffled from (seed, epoch) when asked.
     * The arrays of a batch may be reused after the next call to {@code next()}.
     */
    Batches batches(Split split, int batchSize, int resize, boolean shuffle, long seed, int epoch);

    /** An epoch's batches. */
    interface Batches extends Iterator<DataBatch>, AutoCloseable {
        int batchCount();

        /** Time {@code next()} spent waiting for a batch that was not ready yet (0 when unknown). */
        default long waitNanos() {
            return 0;
        }

        @Override
        void close();
    }

    /**
     * @param images   NCHW floats, at least size·C·H·W long
     * @param indices  positions in the split (to name misclassified test images)
     */
    record DataBatch(float[] images, int[] labels, int[] indices, int size) {
    }
}
