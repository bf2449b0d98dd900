package org.alexnetstudio.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The one way a picture (a photo, a drawing) becomes the network's input, for {@code predict
 * --image}, the window's Predict tab and {@code explain}: grey (BT.601 luma, like PIL's
 * {@code convert("L")}), inverted when its border is mostly light (Fashion-MNIST is light clothes on
 * black), scaled to fit 28×28 keeping the aspect ratio and centred on black, like a dataset item;
 * then resized to the network's input size the way training resizes the dataset.
 */
public final class PictureInput {

    /** Fashion-MNIST's item size. */
    public static final int ITEM = 28;

    private PictureInput() {
    }

    /** A picture file → the network's input for a {@code size}×{@code size} network (floats in [0, 1]). */
    public static float[] fromFile(Path file, int size) throws DataException {
        return networkInput(read(file), size);
    }

    /** A 28×28 item → {@code size}×{@code size} floats in [0, 1], like the training pipeline. */
    public static float[] networkInput(byte[] item, int size) {
        float[] input = new float[size * size];
        Resize.bilinear(item, 0, ITEM, ITEM, size, input, 0);
        return input;
    }

    /**
     * Reads a PNG, JPEG, GIF or BMP file as a 28×28 item.
     *
     * @throws DataException in words: missing, not a picture, damaged or cut off
     */
    public static byte[] read(Path file) throws DataException {
        return item(decode(file));
    }

    /** Decodes a picture file; a decoder's complaint (a cut-off JPEG) is an error, not a grey half picture. */
    static BufferedImage decode(Path file) throws DataException {
        if (Files.isDirectory(file)) {
            throw new DataException(file, "file.isFolder", file);
        }
        try (InputStream in = Files.newInputStream(file);
             ImageInputStream stream = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = stream == null ? null : ImageIO.getImageReaders(stream);
            if (readers == null || !readers.hasNext()) {
                throw new DataException(file, "picture.notPicture", file);
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(stream, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new DataException(file, "picture.damaged", file, formatName(reader), warnings.get(0));
                }
                return img;
            } catch (IOException | RuntimeException e) {
                throw new DataException(file, e, "picture.damaged", file, formatName(reader),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw FileErrors.reading(file, e);
        }
    }

    private static String formatName(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            return "image";
        }
    }

    /**
     * Any picture → 28×28 unsigned bytes like a Fashion-MNIST item: grey, inverted when its border
     * is mostly light (a photo of dark clothes on a light background), scaled to fit 28×28 keeping
     * the aspect ratio and centred on black.
     */
    public static byte[] item(BufferedImage picture) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        int[] argb = picture.getRGB(0, 0, w, h, null, 0, w);
        int[] grey = luma(argb);
        boolean invert = borderMean(grey, w, h) > 127;
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((DataBufferByte) g.getRaster().getDataBuffer()).getData();
        for (int k = 0; k < grey.length; k++) {
            raster[k] = (byte) (invert ? 255 - grey[k] : grey[k]);
        }
        BufferedImage small = new BufferedImage(ITEM, ITEM, BufferedImage.TYPE_BYTE_GRAY);
        double scale = (double) ITEM / Math.max(w, h);
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        // Area averaging keeps thin strokes when a large drawing shrinks to 28×28.
        java.awt.Image scaled = g.getScaledInstance(sw, sh, java.awt.Image.SCALE_AREA_AVERAGING);
        Graphics2D gr = small.createGraphics();
        gr.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        gr.drawImage(scaled, (ITEM - sw) / 2, (ITEM - sh) / 2, null);
        gr.dispose();
        return ((DataBufferByte) small.getRaster().getDataBuffer()).getData().clone();
    }

    /** ARGB pixels (e.g. a canvas snapshot) → 28×28 bytes, see {@link #item(BufferedImage)}. */
    public static byte[] item(int[] argb, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, width, height, argb, 0, width);
        return item(img);
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
