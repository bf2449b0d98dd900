package org.alexnetstudio.model;

/**
 * What shape inference found for one layer. For a layer after the first error, {@code input},
 * {@code output} and {@code error} are all null: its shape is unknown ("?").
 *
 * @param index       0-based position in the stack (PyTorch's {@code nn.Sequential} key)
 * @param input       the inferred input shape, null if unknown
 * @param output      the output shape, null if unknown or failed
 * @param derivation  how the output was computed, null unless known
 * @param error       why the layer fails, null unless this is the first failing layer
 * @param parameters  learnable parameters (0 when unknown)
 * @param macs        forward multiply-accumulates per example (0 when unknown)
 */
public record LayerReport(int index, LayerSpec layer, Shape input, Shape output, String derivation,
                          ShapeError error, long parameters, long macs) {

    public boolean known() {
        return output != null;
    }

    /** Output values per example (0 when unknown). */
    public long activationElements() {
        return output == null ? 0 : output.elements();
    }

    /** Output memory per example as float32. */
    public long activationBytes() {
        return activationElements() * 4;
    }

    /** Weight memory as float32, in bytes. */
    public long weightBytes() {
        return parameters * 4;
    }

    /** Weight memory as float32, in megabytes (10^6 bytes). */
    public double weightMegabytes() {
        return weightBytes() / 1e6;
    }
}
