package org.alexnetstudio.ui.shared;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;
import org.alexnetstudio.data.AtomicFiles;
import org.alexnetstudio.viz.ArgbImage;

/** viz's ARGB pixels into JavaFX images, and nodes out to PNG. */
public final class FxImages {

    private FxImages() {
    }

    public static WritableImage toFx(ArgbImage a) {
        WritableImage img = new WritableImage(Math.max(1, a.width()), Math.max(1, a.height()));
        if (a.width() > 0 && a.height() > 0) {
            img.getPixelWriter().setPixels(0, 0, a.width(), a.height(), PixelFormat.getIntArgbInstance(), a.pixels(),
                    0, a.width());
        }
        return img;
    }

    /** A pixelated (nearest-neighbour) view of {@code a}, {@code size} px on its longer side. */
    public static ImageView view(ArgbImage a, double size) {
        ImageView v = new ImageView(toFx(a));
        v.setSmooth(false);
        v.setPreserveRatio(true);
        if (a.width() >= a.height()) {
            v.setFitWidth(size);
        } else {
            v.setFitHeight(size);
        }
        return v;
    }

    /**
     * {@code a} enlarged by a whole number of screen pixels per pixel (about {@code size} px on its
     * longer side) and shown 1:1: every weight a sharp square, with no blur and no seam along the
     * tile's edges (an ImageView scaling a tiny image by a fraction blends and clamps its edge texels).
     */
    public static ImageView crisp(ArgbImage a, double size) {
        int longer = Math.max(1, Math.max(a.width(), a.height()));
        int scale = Math.max(1, (int) Math.round(size / longer));
        ArgbImage big = org.alexnetstudio.viz.KernelImages.grid(new ArgbImage[]{a}, 1, scale, 0, 0);
        ImageView v = new ImageView(toFx(big));
        v.setSmooth(false);
        return v;
    }

    /** Snapshot on the FX thread; the PNG is written by the caller (off the FX thread if it likes). */
    public static BufferedImage snapshot(Node node) {
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.WHITE);
        Image fx = node.snapshot(p, null);
        return SwingFXUtils.fromFXImage(fx, null);
    }

    public static void writePng(BufferedImage img, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer");
            }
        });
    }
}
