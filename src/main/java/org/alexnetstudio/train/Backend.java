package org.alexnetstudio.train;

import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;

/**
 * One device's implementation of {@link Network}, found by {@link Networks} through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.alexnetstudio.train.Backend}), so that
 * the engine-neutral package never names a backend class and backends depend on it, not the reverse.
 */
public interface Backend {

    /** The device it trains on, as the book prints it: {@code cpu}, {@code cuda:0}. */
    String device();

    /**
     * Starts the backend's native libraries if that has not happened yet and waits for them (never on
     * the JavaFX thread); what it started on.
     */
    EngineInfo awaitReady();

    /** A network with the book's initialisation (Xavier-uniform weights drawn from {@code seed}). */
    Network build(NetworkSpec spec, long seed);

    /**
     * The memory a training run of this network needs on this backend, from the buffer plan its
     * training step will allocate (nothing is allocated here).
     */
    MemoryUse memoryUse(NetworkAnalysis analysis, int batchSize, boolean momentum);

    /** What this backend may still allocate now. */
    long availableBytes();

    /** Whether it trains on a GPU (the device choice picks among backends by this). */
    default boolean isGpu() {
        return false;
    }

    /**
     * Why this backend cannot train on this machine, in one sentence that says what is missing and how to
     * get it; null when it can. May load native libraries (call it off the JavaFX thread).
     */
    default String unavailable() {
        return null;
    }

    /** Starts counting the device memory runs take from now (the Lab's measurement); never blocks. */
    default void resetPeakMemory() {
    }

    /**
     * Device memory taken at most since {@link #resetPeakMemory()}, sampled after every training step, when
     * this backend measures it (a GPU); empty otherwise. Never blocks.
     */
    default java.util.OptionalLong peakMemory() {
        return java.util.OptionalLong.empty();
    }
}
