package org.alexnetstudio.train.cpu;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.function.IntUnaryOperator;
import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Images in PyTorch's C, H, W order into the channels-last input buffer. */
final class ImageInput {

    private ImageInput() {
    }

    /**
     * Images first..first+n−1 (C×H×W values each) into {@code input}; a short array is zero-padded.
     * With one channel both orders are the same and the values are copied in one call.
     */
    static void load(INDArray input, Shape in, float[] images, int first, int n) {
        long len = (long) n * in.elements();
        int base = Math.toIntExact(first * in.elements());
        int given = (int) Math.max(0, Math.min(len, images.length - (long) base));
        int c = in.isSpatial() ? in.channels() : 1;
        int hw = (int) (in.elements() / c);
        IntUnaryOperator source = c == 1 ? k -> k : k -> {
            int example = k / (hw * c);
            int rest = k % (hw * c);
            return example * hw * c + (rest % c) * hw + rest / c; // NHWC index k ← NCHW index
        };
        if (input.dataType() == DataType.FLOAT) {
            FloatBuffer buf = input.data().asNioFloat();
            if (c == 1) {
                buf.put(0, images, base, given);
                for (int k = given; k < len; k++) {
                    buf.put(k, 0f);
                }
                return;
            }
            for (int k = 0; k < len; k++) {
                int from = source.applyAsInt(k);
                buf.put(k, from < given ? images[base + from] : 0f);
            }
        } else {
            DoubleBuffer buf = input.data().asNioDouble();
            for (int k = 0; k < len; k++) {
                int from = source.applyAsInt(k);
                buf.put(k, from < given ? images[base + from] : 0.0);
            }
        }
    }
}
