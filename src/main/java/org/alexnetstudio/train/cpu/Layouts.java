package org.alexnetstudio.train.cpu;

import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The CPU backend's array layouts. Feature maps are channels-last, [n, H, W, C]: oneDNN's forward
 * convolutions then run without reordering activations, its pooling vectorises over channels, and
 * batch norm sees a [n·H·W, C] matrix whose per-channel sums are GEMVs. Features are [n, F].
 * Parameters keep PyTorch's layouts; images arrive in PyTorch's C, H, W order and Flatten copies the
 * last maps back into it, so Linear layers, checkpoints and exports see PyTorch's order.
 */
final class Layouts {

    private Layouts() {
    }

    /** The layout of an activation of shape s for n examples. */
    static long[] of(Shape s, int n) {
        return s.isSpatial() ? new long[]{n, s.height(), s.width(), s.channels()} : withBatch(s, n);
    }

    /** PyTorch's batch shape: n followed by the layer's dims. */
    static long[] withBatch(Shape s, int n) {
        long[] shape = new long[s.rank() + 1];
        shape[0] = n;
        for (int k = 0; k < s.rank(); k++) {
            shape[k + 1] = s.dims().get(k);
        }
        return shape;
    }

    /** The zero-bordered copy of padded average pooling's input, channels-last. */
    static long[] padded(Shape in, AvgPool2d p, int n) {
        return new long[]{n, in.height() + 2L * p.paddingH(), in.width() + 2L * p.paddingW(), in.channels()};
    }

    /** Values per example of {@link #padded}. */
    static long paddedValues(Shape in, AvgPool2d p) {
        return (in.height() + 2L * p.paddingH()) * (in.width() + 2L * p.paddingW()) * in.channels();
    }

    /** The part of a zero-bordered map {@code padded} that holds x. */
    static INDArray interior(INDArray padded, AvgPool2d p, INDArray x) {
        return padded.get(NDArrayIndex.all(), NDArrayIndex.interval(p.paddingH(), p.paddingH() + x.size(1)),
                NDArrayIndex.interval(p.paddingW(), p.paddingW() + x.size(2)), NDArrayIndex.all());
    }
}
