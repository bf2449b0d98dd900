package org.alexnetstudio.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
