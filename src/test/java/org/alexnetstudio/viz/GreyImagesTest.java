package org.alexnetstudio.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class GreyImagesTest {

    @Test
    void bytesAndFloatsBecomeGreys() {
        ArgbImage b = GreyImages.fromBytes(new byte[] {9, 0, (byte) 200, (byte) 255}, 1, 3, 1);
        assertEquals(0xFF000000, b.argb(0, 0));
        assertEquals(0xFFC8C8C8, b.argb(1, 0)); // 200 = 0xC8
        ArgbImage f = GreyImages.fromFloats(new float[] {0f, 0.5f, 1f}, 0, 3, 1);
        assertEquals(128, f.argb(1, 0) & 0xFF); // 0.5*255 = 127.5 → 128
    }

    @Test
    void lumaUsesBt601Weights() {
        int[] y = GreyImages.luma(new int[] {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0x00FFFFFF});
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
        byte[] px = GreyImages.toFashionMnist(img);
        assertEquals(28 * 28, px.length);
        assertEquals(0, px[14 * 28 + 2] & 0xFF);         // left edge stays black
        assertTrue((px[14 * 28 + 14] & 0xFF) > 240);     // the bar (x 10..18 after /10) is white
    }

    @Test
    void darkObjectOnLightBackgroundIsInverted() {
        BufferedImage img = new BufferedImage(56, 28, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 56, 28);
        g.setColor(Color.BLACK);
        g.fillRect(20, 8, 16, 12);
        g.dispose();
        byte[] px = GreyImages.toFashionMnist(img);
        // 56×28 scales to 28×14, centred: rows 7..20 hold the picture, the rest is black padding
        assertEquals(0, px[2 * 28 + 14] & 0xFF);          // padding row
        assertEquals(0, px[8 * 28 + 1] & 0xFF);           // former white background → black
        assertTrue((px[14 * 28 + 14] & 0xFF) > 200);      // the dark object → bright
    }
}
