package org.alexnetstudio.model;

/**
 * Average pooling: a kernelH×kernelW window slides over each channel and keeps the mean value
 * (LeNet's way of shrinking maps). No parameters; each output costs kh·kw additions, counted as MACs.
 * Output size along each axis: ⌊(n + 2p − k)/s⌋ + 1 (floor mode); padding may be at most half
 * the kernel. Channels are unchanged.
 */
public record AvgPool2d(int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW)
        implements LayerSpec {

    /** Square window; PyTorch's default stride equals the kernel. */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(kernel, kernel, stride, stride, padding, padding);
    }

    public AvgPool2d(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    /** PyTorch's {@code AvgPool2d(k)}: the stride defaults to the kernel, so windows do not overlap. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    @Override
    public ShapeResult outputShape(Shape input) {
        int channels = input.isSpatial() ? input.channels() : 0;
        return Window.apply(kind(), input, channels, kernelH, kernelW, strideH, strideW, paddingH, paddingW, true,
                v -> new AvgPool2d(v[0], v[1], v[2], v[3], v[4], v[5]));
    }

    @Override
    public long macs(Shape input, Shape output) {
        return output.elements() * kernelH * kernelW;
    }

    @Override
    public String settings() {
        return "kernel_size=" + Pair.of(kernelH, kernelW)
                + (strideH == kernelH && strideW == kernelW ? "" : ", stride=" + Pair.of(strideH, strideW))
                + Pair.optional("padding", paddingH, paddingW, 0);
    }

    public AvgPool2d withKernel(int h, int w) {
        return new AvgPool2d(h, w, strideH, strideW, paddingH, paddingW);
    }

    public AvgPool2d withStride(int h, int w) {
        return new AvgPool2d(kernelH, kernelW, h, w, paddingH, paddingW);
    }

    public AvgPool2d withPadding(int h, int w) {
        return new AvgPool2d(kernelH, kernelW, strideH, strideW, h, w);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
