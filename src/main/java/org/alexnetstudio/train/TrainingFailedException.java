package org.alexnetstudio.train;

/** A run ended without finishing; the message is for the student (what happened, what to try). */
public class TrainingFailedException extends RuntimeException {
    public TrainingFailedException(String message) {
        super(message);
    }

    public TrainingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
