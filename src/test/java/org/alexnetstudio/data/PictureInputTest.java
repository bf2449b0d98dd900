package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one picture pipeline (issue 21 item 21) and its errors in words (item 15). */
class PictureInputTest {

    @TempDir
    Path dir;
    private Locale saved;

    @BeforeEach
    void english() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    @Test
    void lumaUsesBt601Weights() {
        int[] y = PictureInput.luma(new int[] {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0x00FFFFFF});
        assertEquals(76, y[0]);  // 0.299*255 = 76.2
        assertEquals(150, y[1]); // 0.587*255 = 149.7
        assertEquals(29, y[2]);  // 0.114*255 = 29.1
        assertEquals(0, y[3]);   // transparent = black
    }

    @Test
    void whiteOnBlackDrawingKeepsItsPolarityAndShrinksTo28() {
        BufferedImage img = new BufferedImage(280, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 280, 280);
        g.setColor(Color.WHITE);
        g.fillRect(100, 0, 80, 280); // a vertical bar in the middle, like a trouser leg
        g.dispose();
        byte[] px = PictureInput.item(img);
        assertEquals(28 * 28, px.length);
        assertEquals(0, px[14 * 28 + 2] & 0xFF);         // left edge stays black
        assertTrue((px[14 * 28 + 14] & 0xFF) > 240);     // the bar (x 10..18 after /10) is white
    }

    @Test
    void darkObjectOnLightBackgroundIsInvertedAndKeepsItsAspectRatio() {
        BufferedImage img = new BufferedImage(56, 28, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 56, 28);
        g.setColor(Color.BLACK);
        g.fillRect(20, 8, 16, 12);
        g.dispose();
        byte[] px = PictureInput.item(img);
        // 56×28 scales to 28×14, centred: rows 7..20 hold the picture, the rest is black padding
        assertEquals(0, px[2 * 28 + 14] & 0xFF);          // padding row
        assertEquals(0, px[8 * 28 + 1] & 0xFF);           // former white background → black
        assertTrue((px[14 * 28 + 14] & 0xFF) > 200);      // the dark object → bright
    }

    @Test
    void aFileBecomesTheItemResizedLikeTheDataset() throws Exception {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        img.setRGB(20, 10, 0xFFFFFF);
        Path file = dir.resolve("p.png");
        ImageIO.write(img, "png", file.toFile());
        byte[] item = PictureInput.read(file);
        assertArrayEquals(PictureInput.item(img), item);
        float[] at28 = PictureInput.fromFile(file, 28);
        for (int k = 0; k < at28.length; k++) {
            assertEquals((item[k] & 0xFF) / 255f, at28[k]); // 28 → 28 is only /255
        }
        float[] at64 = PictureInput.fromFile(file, 64);
        float[] expected = new float[64 * 64];
        Resize.bilinear(item, 0, 28, 28, 64, expected, 0);
        assertArrayEquals(expected, at64);
    }

    @Test
    void whatIsWrongWithAFileIsSaidInWords() throws Exception {
        DataException missing = assertThrows(DataException.class, () -> PictureInput.read(dir.resolve("no.png")));
        assertEquals(dir.resolve("no.png") + " does not exist.", missing.getMessage());

        Path text = Files.writeString(dir.resolve("text.png"), "not a picture");
        DataException notPicture = assertThrows(DataException.class, () -> PictureInput.read(text));
        assertTrue(notPicture.getMessage().contains("is not a picture this app can read"), notPicture.getMessage());

        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < 64 * 64; k++) {
            img.setRGB(k % 64, k / 64, k * 2654435761L > 0 ? (int) (k * 2654435761L) : k);
        }
        for (String format : new String[] {"png", "jpg"}) {
            Path whole = dir.resolve("whole." + format);
            ImageIO.write(img, format, whole.toFile());
            byte[] bytes = Files.readAllBytes(whole);
            Path cut = Files.write(dir.resolve("cut." + format), Arrays.copyOf(bytes, bytes.length * 2 / 3));
            DataException damaged = assertThrows(DataException.class, () -> PictureInput.read(cut), format);
            assertTrue(damaged.getMessage().startsWith(cut + " is damaged or cut off: its "), damaged.getMessage());
        }
        DataException folder = assertThrows(DataException.class, () -> PictureInput.read(dir));
        assertTrue(folder.getMessage().contains("is a folder"), folder.getMessage());
    }
}
