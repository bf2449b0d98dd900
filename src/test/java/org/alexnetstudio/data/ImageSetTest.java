package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    /** n images of 2x2 whose pixels 0 and 2 hold the image's index (low, high byte); labels cycle unevenly. */
    static ImageSet synthetic(int n, int classes) {
        byte[] pixels = new byte[n * 4];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            pixels[i * 4] = (byte) i;
            pixels[i * 4 + 1] = (byte) 200;
            pixels[i * 4 + 2] = (byte) (i >> 8);
            // skewed: class 0 gets every third image in addition to its turn
            labels[i] = (byte) (i % 3 == 0 ? 0 : i % classes);
        }
        return new ImageSet("train", 2, 2, pixels, labels);
    }

    @Test
    void subsetIsClassBalancedAndDeterministic() {
        ImageSet set = synthetic(1000, 10);
        ImageSet sub = set.subset(100, 42);
        assertEquals(100, sub.size());
        int[] counts = sub.classCounts(10);
        // every class has at least 10 images in the full set, so 100/10 = 10 each
        int[] ten = new int[10];
        Arrays.fill(ten, 10);
        assertArrayEquals(ten, counts);
        ImageSet again = set.subset(100, 42);
        assertArrayEquals(sub.pixels(), again.pixels());
        assertNotEquals(Arrays.toString(sub.pixels()), Arrays.toString(set.subset(100, 43).pixels()));
        // labels travel with their pixels
        for (int i = 0; i < sub.size(); i++) {
            int original = sub.pixel(i, 0, 0) + 256 * sub.pixel(i, 1, 0);
            assertEquals(set.label(original), sub.label(i));
        }
    }

    @Test
    void subsetWithRemainderAndSmallClass() {
        byte[] labels = {0, 0, 0, 0, 0, 0, 1, 2, 2, 2};
        ImageSet set = new ImageSet("t", 1, 1, new byte[10], labels);
        // 7 from 3 classes, class 1 has only one image: round robin 0,1,2,0,2,0,2
        assertArrayEquals(new int[] {3, 1, 3}, set.subset(7, 1).classCounts(3));
    }

    @Test
    void subsetAtOrAboveSizeIsSame() {
        ImageSet set = synthetic(50, 10);
        assertSame(set, set.subset(50, 1));
        assertSame(set, set.subset(1000, 1));
    }

    @Test
    void classCounts() {
        ImageSet set = new ImageSet("t", 1, 1, new byte[5], new byte[] {1, 1, 0, 3, 1});
        assertArrayEquals(new int[] {1, 3, 0, 1}, set.classCounts(4));
    }
}
