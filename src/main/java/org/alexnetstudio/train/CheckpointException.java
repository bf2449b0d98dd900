package org.alexnetstudio.train;

/** A checkpoint file cannot be used; the message names the file and the problem. */
public class CheckpointException extends Exception {
    public CheckpointException(String message) {
        super(message);
    }
}
