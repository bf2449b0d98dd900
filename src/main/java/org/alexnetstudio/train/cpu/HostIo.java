package org.alexnetstudio.train.cpu;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Small arrays read and written through their host buffers (the CPU backend's arrays live in host
 * memory): {@code getDouble}/{@code putScalar} cost a native call per value, which adds up to a
 * visible share of a small network's step for per-channel vectors (docs/performance.md).
 */
final class HostIo {

    private HostIo() {
    }

    /** The first c values of a contiguous array, in double. */
    static void read(INDArray a, int c, double[] out) {
        int at = Math.toIntExact(a.offset());
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int k = 0; k < c; k++) {
                out[k] = b.get(at + k);
            }
        } else {
            DoubleBuffer b = a.data().asNioDouble();
            for (int k = 0; k < c; k++) {
                out[k] = b.get(at + k);
            }
        }
    }

    /** Writes values into a contiguous array from element {@code at} on. */
    static void write(INDArray a, int at, double[] values) {
        write(a, at, values, values.length);
    }

    /** Elements at..at+count−1 of a contiguous array ← values[0..count). */
    static void write(INDArray a, int at, double[] values, int count) {
        int start = Math.toIntExact(a.offset()) + at;
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int k = 0; k < count; k++) {
                b.put(start + k, (float) values[k]);
            }
        } else {
            DoubleBuffer b = a.data().asNioDouble();
            for (int k = 0; k < count; k++) {
                b.put(start + k, values[k]);
            }
        }
    }

    /** Writes c values at the start of a contiguous array. */
    static void writeVector(INDArray a, int c, double[] values) {
        write(a, 0, values, c);
    }
}
