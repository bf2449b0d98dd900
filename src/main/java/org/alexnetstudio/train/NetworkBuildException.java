package org.alexnetstudio.train;

/** The spec cannot be turned into a network that runs (it fails shape inference, or cannot be trained). */
public class NetworkBuildException extends RuntimeException {
    public NetworkBuildException(String message) {
        super(message);
    }
}
