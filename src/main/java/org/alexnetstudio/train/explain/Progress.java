package org.alexnetstudio.train.explain;

import java.util.concurrent.CancellationException;

/**
 * How a long explanation (SmoothGrad, occlusion, activation maximisation) reports how far it is and
 * learns that it should stop. Called on the thread that computes; a cancelled computation throws
 * {@link CancellationException}.
 */
public interface Progress {

    /** Reports nothing and never cancels. */
    Progress NONE = (done, total) -> { };

    /** {@code done} of {@code total} units (images, steps) finished. */
    void report(int done, int total);

    /** Whether the caller asked to stop. */
    default boolean cancelled() {
        return false;
    }

    /** Throws {@link CancellationException} when the caller asked to stop. */
    default void check() {
        if (cancelled()) {
            throw new CancellationException("cancelled");
        }
    }
}
