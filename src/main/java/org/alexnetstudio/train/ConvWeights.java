package org.alexnetstudio.train;

/**
 * A copy of one conv layer's kernels in PyTorch's layout [out, in, kh, kw], row-major.
 *
 * @param layerIndex  position of the Conv2d in the spec
 */
public record ConvWeights(int layerIndex, int outChannels, int inChannels, int kernelH, int kernelW,
                          float[] values) {

    /** Kernel {@code out}, input channel {@code in}, as kh·kw values. */
    public float[] kernel(int out, int in) {
        int size = kernelH * kernelW;
        int from = (out * inChannels + in) * size;
        return java.util.Arrays.copyOfRange(values, from, from + size);
    }
}
