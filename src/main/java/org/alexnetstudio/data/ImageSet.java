package org.alexnetstudio.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** One split's images (unsigned bytes, row-major, N×rows×cols) and labels, held compactly. */
public final class ImageSet {

    private final String name;
    private final int size;
    private final int rows;
    private final int cols;
    private final byte[] pixels;
    private final byte[] labels;

    /**
     * Wraps the arrays without copying: the caller hands them over.
     * @param labels one unsigned byte per image (0..255)
     */
    public ImageSet(String name, int rows, int cols, byte[] pixels, byte[] labels) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("rows and cols must be >= 1: " + rows + "x" + cols);
        }
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + pixels.length
                    + " pixels for " + rows + "x" + cols + " images");
        }
        this.name = name;
        this.size = labels.length;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int label(int i) {
        return labels[i] & 0xFF;
    }

    /** The backing array, N*rows*cols unsigned bytes; do not modify. */
    public byte[] pixels() {
        return pixels;
    }

    /** Pixel (r, c) of image i, 0..255. */
    public int pixel(int i, int r, int c) {
        return pixels[(i * rows + r) * cols + c] & 0xFF;
    }

    /** A copy of the labels as unsigned bytes. */
    public byte[] labelBytes() {
        return labels.clone();
    }

    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < size; i++) {
            int l = label(i);
            if (l < classes) {
                counts[l]++;
            }
        }
        return counts;
    }

    /**
     * A class-balanced subset of at most {@code limit} images, the same for the same seed.
     * Each class is shuffled from the seed, then classes are taken round-robin, so every class gets
     * limit/classes images (±1) while it has that many. The result keeps the original order.
     * limit >= size returns this.
     */
    public ImageSet subset(int limit, long seed) {
        if (limit >= size) {
            return this;
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        int classes = 0;
        for (int i = 0; i < size; i++) {
            classes = Math.max(classes, label(i) + 1);
        }
        List<int[]> byClass = new ArrayList<>();
        int[] counts = classCounts(classes);
        for (int c = 0; c < classes; c++) {
            byClass.add(new int[counts[c]]);
        }
        int[] fill = new int[classes];
        for (int i = 0; i < size; i++) {
            int l = label(i);
            byClass.get(l)[fill[l]++] = i;
        }
        Random random = new Random(seed);
        for (int[] members : byClass) {
            for (int i = members.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = members[i];
                members[i] = members[j];
                members[j] = t;
            }
        }
        int[] chosen = new int[limit];
        int n = 0;
        int[] taken = new int[classes];
        while (n < limit) {
            for (int c = 0; c < classes && n < limit; c++) {
                if (taken[c] < counts[c]) {
                    chosen[n++] = byClass.get(c)[taken[c]++];
                }
            }
        }
        Arrays.sort(chosen);
        return select(chosen);
    }

    /** The images at the given positions, in that order (a copy). */
    public ImageSet select(int[] indices) {
        int area = rows * cols;
        byte[] p = new byte[indices.length * area];
        byte[] l = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * area, p, k * area, area);
            l[k] = labels[indices[k]];
        }
        return new ImageSet(name, rows, cols, p, l);
    }

    @Override
    public String toString() {
        return name + " (" + size + " images " + rows + "x" + cols + ")";
    }
}
