package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Against torchvision 0.14 / PIL 9.4 outputs of Resize(size) + ToTensor() on three real images
 * (bench/make_resize_reference.py). The contract is 1/255; the implementation follows PIL's integer
 * arithmetic, so this also checks it is exact.
 */
class ResizeTest {

    @Test
    void matchesTorchvisionOnRealImages() throws IOException {
        Path ref = Path.of("src/test/resources/data/resize-reference.bin.gz");
        try (InputStream raw = Files.newInputStream(ref);
                DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            int images = in.readInt();
            int sizeCount = in.readInt();
            int[] sizes = new int[sizeCount];
            for (int s = 0; s < sizeCount; s++) {
                sizes[s] = in.readInt();
            }
            assertEquals(3, images);
            for (int i = 0; i < images; i++) {
                byte[] src = new byte[784];
                in.readFully(src);
                for (int size : sizes) {
                    float[] mine = new float[size * size];
                    Resize.bilinear(src, 0, 28, 28, size, mine, 0);
                    float worst = 0;
                    int exact = 0;
                    for (int p = 0; p < mine.length; p++) {
                        float expected = in.readFloat();
                        float diff = Math.abs(expected - mine[p]);
                        worst = Math.max(worst, diff);
                        if (diff == 0f) {
                            exact++;
                        }
                    }
                    assertTrue(worst <= 1f / 255f + 1e-7f, "image " + i + " size " + size + ": worst " + worst);
                    assertEquals(mine.length, exact, "image " + i + " size " + size + " should be exact");
                }
            }
        }
    }

    @Test
    void size28IsPlainDivision() {
        byte[] src = new byte[784];
        for (int i = 0; i < 784; i++) {
            src[i] = (byte) i;
        }
        float[] out = new float[784 + 3];
        Resize.bilinear(src, 0, 28, 28, 28, out, 3);
        assertEquals(0f, out[3]);
        assertEquals(255 / 255f, out[3 + 255]);
        assertEquals((300 & 0xFF) / 255f, out[3 + 300]); // 300 mod 256 = 44
    }

    @Test
    void constantImageStaysConstant() {
        // weights are renormalised at the edges, so a flat image stays flat at every size
        byte[] src = new byte[784];
        java.util.Arrays.fill(src, (byte) 77);
        for (int size : new int[] {224, 96, 68, 32, 14}) {
            byte[] out = new byte[size * size];
            Resize.bilinearBytes(src, 0, 28, 28, size, out, 0);
            for (byte b : out) {
                assertEquals(77, b & 0xFF);
            }
        }
    }

    @Test
    void twoPixelRampUpscaled() {
        // 1x2 image [0, 255] -> 1x4 along a row: scale 0.5, centres 0.25, 0.75, 1.25, 1.75;
        // output 1: weights (1-|0-0.75+0.5|, 1-|1-0.75+0.5|) = (0.75, 0.25) -> 0.25*255 = 63.75 -> 64
        byte[] src = {0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255};
        byte[] out = new byte[16];
        Resize.bilinearBytes(src, 0, 4, 2, 4, out, 0);
        assertEquals(0, out[0] & 0xFF);
        assertEquals(64, out[1] & 0xFF);
        assertEquals(191, out[2] & 0xFF); // 0.75*255 = 191.25
        assertEquals(255, out[3] & 0xFF);
    }
}
