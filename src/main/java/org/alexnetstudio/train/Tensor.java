package org.alexnetstudio.train;

import java.util.Arrays;

/**
 * A tensor on the host, row-major, in the types a PyTorch {@code state_dict} holds: float32 values, or
 * int64 ({@code num_batches_tracked}). What checkpoints, {@code .npz} files and every backend exchange,
 * so that the engine-neutral code never needs a backend's own arrays.
 */
public final class Tensor {

    private final long[] shape;
    private final float[] floats;
    private final long[] longs;

    private Tensor(long[] shape, float[] floats, long[] longs) {
        this.shape = shape.clone();
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            count *= d;
        }
        long length = floats != null ? floats.length : longs.length;
        if (count != length) {
            throw new IllegalArgumentException(length + " values for shape " + Arrays.toString(shape));
        }
        this.floats = floats;
        this.longs = longs;
    }

    /** float32 values (kept, not copied) of the given shape. */
    public static Tensor of(float[] values, long... shape) {
        return new Tensor(shape, values, null);
    }

    /** int64 values (kept, not copied) of the given shape. */
    public static Tensor ofLongs(long[] values, long... shape) {
        return new Tensor(shape, null, values);
    }

    /** An int64 scalar (shape []). */
    public static Tensor scalar(long value) {
        return new Tensor(new long[0], null, new long[]{value});
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long length() {
        return isLong() ? longs.length : floats.length;
    }

    public boolean isLong() {
        return longs != null;
    }

    /** The float32 values (the live array; copy before changing). */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("an int64 tensor");
        }
        return floats;
    }

    /** The int64 values (the live array). */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("a float32 tensor");
        }
        return longs;
    }

    /** Value k (row-major) as a double, whatever the type. */
    public double get(int k) {
        return isLong() ? longs[k] : floats[k];
    }

    /** A copy with its own values. */
    public Tensor copy() {
        return new Tensor(shape, floats == null ? null : floats.clone(), longs == null ? null : longs.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(floats, t.floats)
                && Arrays.equals(longs, t.longs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + (floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(longs));
    }

    @Override
    public String toString() {
        return (isLong() ? "int64" : "float32") + Arrays.toString(shape);
    }
}
