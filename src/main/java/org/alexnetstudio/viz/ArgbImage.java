package org.alexnetstudio.viz;

import java.awt.image.BufferedImage;

/**
 * An image as packed ARGB ints, row-major: what the UI copies into a WritableImage and what
 * {@link #toBufferedImage()} writes to PNG.
 */
public record ArgbImage(int width, int height, int[] pixels) {

    public ArgbImage {
        if (width < 0 || height < 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("pixels must hold " + width + "×" + height + " values, not "
                    + pixels.length);
        }
    }

    public int argb(int x, int y) {
        return pixels[y * width + x];
    }

    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_ARGB);
        if (width > 0 && height > 0) {
            img.setRGB(0, 0, width, height, pixels, 0, width);
        }
        return img;
    }
}
