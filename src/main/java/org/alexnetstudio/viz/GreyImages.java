package org.alexnetstudio.viz;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Grey images between the dataset's bytes, the network's floats and pictures the student brings
 * (a drawing, a photo), always ending white-on-black like Fashion-MNIST.
 */
public final class GreyImages {

    private GreyImages() {
    }

    /** Unsigned bytes (0 = black) → ARGB, e.g. one 28×28 Fashion-MNIST image at {@code offset}. */
    public static ArgbImage fromBytes(byte[] pixels, int offset, int width, int height) {
        int[] argb = new int[width * height];
        for (int k = 0; k < argb.length; k++) {
            int v = pixels[offset + k] & 0xFF;
            argb[k] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        return new ArgbImage(width, height, argb);
    }

    /** Floats in [0, 1] (what the network sees) → ARGB. */
    public static ArgbImage fromFloats(float[] values, int offset, int width, int height) {
        int[] argb = new int[width * height];
        for (int k = 0; k < argb.length; k++) {
            argb[k] = Colormap.grey(values[offset + k]);
        }
        return new ArgbImage(width, height, argb);
    }

    /** Luma (ITU-R BT.601, like PIL's convert("L")) of each ARGB pixel, 0..255; transparent counts as black. */
    public static int[] luma(int[] argb) {
        int[] out = new int[argb.length];
        for (int k = 0; k < argb.length; k++) {
            int p = argb[k];
            int a = p >>> 24;
            int r = p >> 16 & 0xFF;
            int g = p >> 8 & 0xFF;
            int b = p & 0xFF;
            double y = (299 * r + 587 * g + 114 * b) / 1000.0;
            out[k] = (int) Math.round(y * a / 255.0);
        }
        return out;
    }

    /**
     * Any picture → 28×28 unsigned bytes like a Fashion-MNIST item: grey, inverted when its border
     * is mostly light (a photo of dark clothes on a light background), scaled to fit 28×28 keeping
     * the aspect ratio and centred on black.
     */
    public static byte[] toFashionMnist(BufferedImage picture) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        int[] argb = picture.getRGB(0, 0, w, h, null, 0, w);
        int[] grey = luma(argb);
        boolean invert = borderMean(grey, w, h) > 127;
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((java.awt.image.DataBufferByte) g.getRaster().getDataBuffer()).getData();
        for (int k = 0; k < grey.length; k++) {
            raster[k] = (byte) (invert ? 255 - grey[k] : grey[k]);
        }
        BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        double scale = 28.0 / Math.max(w, h);
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        // Area averaging keeps thin strokes when a large drawing shrinks to 28×28.
        java.awt.Image scaled = g.getScaledInstance(sw, sh, java.awt.Image.SCALE_AREA_AVERAGING);
        Graphics2D gr = small.createGraphics();
        gr.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        gr.drawImage(scaled, (28 - sw) / 2, (28 - sh) / 2, null);
        gr.dispose();
        return ((java.awt.image.DataBufferByte) small.getRaster().getDataBuffer()).getData().clone();
    }

    /** ARGB pixels (e.g. a canvas snapshot) → 28×28 bytes, see {@link #toFashionMnist(BufferedImage)}. */
    public static byte[] toFashionMnist(int[] argb, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, width, height, argb, 0, width);
        return toFashionMnist(img);
    }

    static double borderMean(int[] grey, int w, int h) {
        long sum = 0;
        int n = 0;
        for (int x = 0; x < w; x++) {
            sum += grey[x] + grey[(h - 1) * w + x];
            n += 2;
        }
        for (int y = 1; y < h - 1; y++) {
            sum += grey[y * w] + grey[y * w + w - 1];
            n += 2;
        }
        return n == 0 ? 0 : (double) sum / n;
    }
}
