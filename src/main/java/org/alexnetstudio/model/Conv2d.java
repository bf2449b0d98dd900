package org.alexnetstudio.model;

import java.util.List;

/**
 * A 2-D convolution: {@code outChannels} learned kernels of size kernelH×kernelW slide over the
 * input with the given stride after zero-padding each border, each producing one output channel.
 * Output size along each axis: ⌊(n + 2p − k)/s⌋ + 1. Parameters: out·in·kh·kw weights plus out
 * biases. AlexNet starts with a large 11×11 kernel at stride 4 to shrink a big image quickly.
 */
public record Conv2d(int outChannels, int kernelH, int kernelW, int strideH, int strideW,
                     int paddingH, int paddingW) implements LayerSpec {

    /** Square kernel, stride and padding, as the book writes them. */
    public Conv2d(int outChannels, int kernel, int stride, int padding) {
        this(outChannels, kernel, kernel, stride, stride, padding, padding);
    }

    @Override
    public ShapeResult outputShape(Shape input) {
        if (outChannels < 1) {
            return ShapeResult.fail("outChannels", "error.channelsPositive",
                    List.of(Fix.replace(withOutChannels(1), "fix.setOutChannels", 1)), outChannels);
        }
        ShapeResult r = Window.apply(kind(), input, outChannels, kernelH, kernelW, strideH, strideW,
                paddingH, paddingW, false,
                v -> new Conv2d(outChannels, v[0], v[1], v[2], v[3], v[4], v[5]));
        if (!input.isSpatial()) {
            return r;
        }
        long weightsPerChannel = Limits.saturatingMultiply((long) input.channels() * kernelH, kernelW);
        if (r instanceof ShapeResult.Failed failed && failed.error().key().equals("error.activationTooLarge")) {
            // Window offers a larger stride; fewer channels is the other way out.
            ShapeError e = failed.error();
            long perChannel = Limits.saturatingMultiply(Window.length(input.height(), kernelH, strideH, paddingH),
                    Window.length(input.width(), kernelW, strideW, paddingW));
            List<Fix> fixes = new java.util.ArrayList<>(channelFix(perChannel));
            fixes.addAll(e.fixes());
            return new ShapeResult.Failed(new ShapeError(e.field(), e.key(), e.args(), fixes));
        }
        if (r instanceof ShapeResult.Ok ok) {
            Shape out = ok.shape();
            ShapeResult tooBig = Limits.checkSize(out, Limits.saturatingMultiply(outChannels, weightsPerChannel),
                    "outChannels", channelFix((long) out.height() * out.width()), channelFix(weightsPerChannel));
            return tooBig != null ? tooBig : r;
        }
        return r;
    }

    private List<Fix> channelFix(long perChannel) {
        int c = Limits.largestCount(perChannel);
        return c >= 1 && c < outChannels ? List.of(Fix.replace(withOutChannels(c), "fix.setOutChannels", c)) : List.of();
    }

    @Override
    public long parameters(Shape input) {
        return (long) outChannels * input.channels() * kernelH * kernelW + outChannels;
    }

    @Override
    public long macs(Shape input, Shape output) {
        return output.elements() * input.channels() * kernelH * kernelW;
    }

    @Override
    public String settings() {
        return "out_channels=" + outChannels + ", kernel_size=" + Pair.of(kernelH, kernelW)
                + Pair.optional("stride", strideH, strideW, 1) + Pair.optional("padding", paddingH, paddingW, 0);
    }

    public Conv2d withOutChannels(int c) {
        return new Conv2d(c, kernelH, kernelW, strideH, strideW, paddingH, paddingW);
    }

    public Conv2d withKernel(int h, int w) {
        return new Conv2d(outChannels, h, w, strideH, strideW, paddingH, paddingW);
    }

    public Conv2d withStride(int h, int w) {
        return new Conv2d(outChannels, kernelH, kernelW, h, w, paddingH, paddingW);
    }

    public Conv2d withPadding(int h, int w) {
        return new Conv2d(outChannels, kernelH, kernelW, strideH, strideW, h, w);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
