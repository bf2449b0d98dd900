package org.alexnetstudio.data;

/**
 * One batch ready for ND4J: NCHW floats in [0,1] (C = 1), like ToTensor after Resize.
 * images.length >= size*resize*resize; the buffers are pooled and reused, so copy what you keep
 * before the next {@code next()}. indices are positions in the ImageSet.
 */
public record Batch(float[] images, int[] labels, int[] indices, int size, int resize) {

    /** Floats per image: resize × resize. */
    public int imageLength() {
        return resize * resize;
    }
}
