package org.alexnetstudio.ui;

import org.alexnetstudio.model.NetworkSpec;

/** The file and code formats the window reads and writes, implemented by model/. */
public interface SpecFormats {

    String toJson(NetworkSpec spec);

    /** @throws IllegalArgumentException with a readable reason when the text is not a spec */
    NetworkSpec fromJson(String json);

    String toPyTorch(NetworkSpec spec);

    /**
     * Reads {@code nn.Sequential(...)} source.
     *
     * @param input the input shape to use when the code does not say
     * @throws IllegalArgumentException with a readable reason when the code cannot be read
     */
    NetworkSpec fromPyTorch(String code, org.alexnetstudio.model.Shape input);

    /**
     * The input the code was written for, when its explicit sizes do not fit {@code current};
     * empty when it fits, cannot be read, or no input fits.
     */
    default java.util.Optional<org.alexnetstudio.model.Shape> fittingInput(String code,
                                                                           org.alexnetstudio.model.Shape current) {
        return java.util.Optional.empty();
    }
}
