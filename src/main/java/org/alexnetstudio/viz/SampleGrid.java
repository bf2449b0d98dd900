package org.alexnetstudio.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.alexnetstudio.data.AtomicFiles;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.data.Resize;

/** A PNG-ready grid of sample images with their class names underneath (java.awt only). */
public final class SampleGrid {

    private static final int MAX_COLUMNS = 10;
    private static final int LABEL_HEIGHT = 16;
    private static final int GAP = 4;
    private static final int BANNER_HEIGHT = 22;
    /** Tiles smaller than this are enlarged (nearest neighbour) so the labels fit underneath. */
    private static final int MIN_TILE = 84;

    private SampleGrid() {
    }

    /**
     * Renders the images at indices, each resized to resize×resize exactly as training sees it.
     * @param banner shown across the top (e.g. "SAMPLE (not the full data set)"); null for none
     */
    public static BufferedImage render(ImageSet set, int[] indices, int resize, List<String> classNames,
            String banner) {
        int n = indices.length;
        int columns = Math.max(1, Math.min(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(n * 1.6))));
        int gridRows = (n + columns - 1) / columns;
        int scale = Math.max(1, (MIN_TILE + resize - 1) / resize);
        int tile = resize * scale;
        int cellW = tile + GAP;
        int cellH = tile + LABEL_HEIGHT + GAP;
        int top = banner == null ? 0 : BANNER_HEIGHT;
        int width = Math.max(columns * cellW + GAP, 200);
        int height = top + gridRows * cellH + GAP;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            if (banner != null) {
                g.setColor(new Color(0xB00020));
                g.fillRect(0, 0, width, BANNER_HEIGHT);
                g.setColor(Color.WHITE);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                g.drawString(banner, GAP, BANNER_HEIGHT - 6);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            byte[] resized = new byte[resize * resize];
            BufferedImage grey = new BufferedImage(resize, resize, BufferedImage.TYPE_BYTE_GRAY);
            for (int k = 0; k < n; k++) {
                int i = indices[k];
                int x = GAP + (k % columns) * cellW;
                int y = top + GAP + (k / columns) * cellH;
                if (resize == set.rows() && resize == set.cols()) {
                    System.arraycopy(set.pixels(), i * resize * resize, resized, 0, resized.length);
                } else {
                    Resize.bilinearBytes(set.pixels(), i * set.rows() * set.cols(), set.rows(), set.cols(), resize,
                            resized, 0);
                }
                grey.getRaster().setDataElements(0, 0, resize, resize, resized);
                g.drawImage(grey, x, y, tile, tile, null);
                int label = set.label(i);
                String text = label < classNames.size() ? classNames.get(label) : Integer.toString(label);
                g.setColor(Color.BLACK);
                int tx = x + Math.max(0, (tile - fm.stringWidth(text)) / 2);
                g.drawString(text, tx, y + tile + LABEL_HEIGHT - 4);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Writes a PNG atomically (ImageIO's own file output prints stack traces for unwritable paths). */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
