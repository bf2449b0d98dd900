package org.alexnetstudio.train;

/**
 * What a training run reports. Every call comes from the training thread; a GUI marshals them to
 * its own thread. All methods do nothing by default.
 */
public interface TrainingListener {

    /** The network is built and the first batch is about to run. */
    default void started(SessionInfo info) {
    }

    /** Five times per epoch, at the batches the book's {@code train_ch6} plots. */
    default void batchProgress(BatchProgress progress) {
    }

    /** After every training step (for a fine progress bar); keep it cheap. */
    default void stepDone(int epoch, int batch, int batches) {
    }

    /** After each epoch's test evaluation. */
    default void epochEnd(EpochResult result) {
    }

    /** The run is over: all epochs done, or stopped ({@link FinalMetrics#stopped()}). */
    default void finished(FinalMetrics metrics) {
    }

    /** The run could not go on (NaN loss, memory, data); the message says why and what to try. */
    default void failed(String message) {
    }
}
