package org.alexnetstudio.model;

/**
 * How the learning rate changes during a run. The book trains with a constant rate; a cosine decay
 * to zero over all steps lets a short CPU run take large steps first and settle at the end.
 */
public enum LearningRateSchedule {
    /** The book's plain SGD: the same rate for every step. */
    CONSTANT,
    /** lr·½(1 + cos(π·t/T)) for step t of T: starts at lr, ends near 0. */
    COSINE;

    /**
     * The rate for step {@code step} (0-based) of {@code totalSteps}.
     */
    public double rate(double base, long step, long totalSteps) {
        if (this == CONSTANT || totalSteps <= 0) {
            return base;
        }
        double t = Math.min(1.0, Math.max(0.0, (double) step / totalSteps));
        return base * 0.5 * (1 + Math.cos(Math.PI * t));
    }
}
