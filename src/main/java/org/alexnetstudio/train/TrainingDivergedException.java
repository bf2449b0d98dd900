package org.alexnetstudio.train;

/**
 * The loss became NaN or infinite: the run stopped, and the network holds the weights of the last
 * good epoch again. The message (also given to {@link TrainingListener#failed}) says what happened,
 * which learning rate to try and that those weights are kept; {@link #hint()} is the same without
 * the last part, for callers that say themselves where the weights went.
 */
public final class TrainingDivergedException extends TrainingFailedException {

    private static final long serialVersionUID = 1L;

    private final String hint;
    private final int goodEpoch;
    private final double suggestedRate;

    TrainingDivergedException(String hint, String kept, int goodEpoch, double suggestedRate) {
        super(hint + " " + kept);
        this.hint = hint;
        this.goodEpoch = goodEpoch;
        this.suggestedRate = suggestedRate;
    }

    /** What happened and which learning rate to try. */
    public String hint() {
        return hint;
    }

    /** The epoch whose weights the network holds now (0: none finished, the starting weights). */
    public int goodEpoch() {
        return goodEpoch;
    }

    public double suggestedRate() {
        return suggestedRate;
    }
}
