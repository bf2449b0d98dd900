package org.alexnetstudio.train.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class OcclusionTest {

    @Test
    void positionsCoverEverySideUpToTheEdge() {
        // (28 − 4)/2 + 1 = 13 positions: 0, 2, …, 24
        assertArrayEquals(new int[]{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24}, Occlusion.positions(28, 4, 2));
        // 0, 4 fit in 10 with a 4-patch; the last one stops at 8 < 10, so 10 − 4 = 6 is added
        assertArrayEquals(new int[]{0, 4, 6}, Occlusion.positions(10, 4, 4));
        assertArrayEquals(new int[]{0}, Occlusion.positions(3, 5, 2));
        assertThrows(IllegalArgumentException.class, () -> Occlusion.positions(28, 0, 2));
    }

    /** Class 0's logit is 10 × the top-left pixel, class 1's is 0. */
    private static float[][] logits(float[] images, int n) {
        float[][] out = new float[n][];
        for (int k = 0; k < n; k++) {
            out[k] = new float[]{10 * images[k * 16], 0};
        }
        return out;
    }

    @Test
    void theMapIsTheMeanProbabilityDropOfThePatchesCoveringEachPixel() {
        // 1×4×4 image, 1 at the top left, 0 elsewhere; the patch holds the mean, 1/16.
        float[] image = new float[16];
        image[0] = 1;
        int[] calls = {0};
        Occlusion.Result r = Occlusion.run((x, n) -> {
            calls[0]++;
            return logits(x, n);
        }, image, 1, 4, 4, 2, 1, 64, Progress.NONE);
        // 2×2 patches at stride 1: positions 0, 1, 2 each way, 9 in all, in one batch after the original
        assertEquals(9, r.positions());
        assertEquals(2, calls[0]);
        double p = 1 / (1 + Math.exp(-10));         // softmax([10, 0])[0]
        double q = 1 / (1 + Math.exp(-10.0 / 16));  // softmax([10/16, 0])[0]
        float[] map = r.map(0);
        // pixel (0,0): only the patch at (0,0) covers it, and that patch hides the pixel
        assertEquals(p - q, map[0], 1e-6);
        // pixel (0,1): patches at (0,0) (hides it: p − q) and (0,1) (does not: 0) → (p − q)/2
        assertEquals((p - q) / 2, map[1], 1e-6);
        // pixel (1,1): four patches cover it, one hides the pixel → (p − q)/4
        assertEquals((p - q) / 4, map[5], 1e-6);
        assertEquals(0, map[15], 0);
        // class 1's probability rises by as much: the maps are opposite
        float[] other = r.map(1);
        for (int k = 0; k < 16; k++) {
            assertEquals(-map[k], other[k], 1e-6);
        }
    }

    @Test
    void batchesGiveTheSameMapAndProgressCountsImages() {
        float[] image = new float[16];
        image[0] = 1;
        image[5] = 0.5f;
        int[] last = {0, 0};
        Occlusion.Result one = Occlusion.run(OcclusionTest::logits, image, 1, 4, 4, 2, 1, 1, (d, t) -> {
            last[0] = d;
            last[1] = t;
        });
        assertEquals(9, last[0]);
        assertEquals(9, last[1]);
        Occlusion.Result all = Occlusion.run(OcclusionTest::logits, image, 1, 4, 4, 2, 1, 64, Progress.NONE);
        assertArrayEquals(all.map(0), one.map(0), 0f);
    }

    @Test
    void aCancelledRunStopsBetweenBatches() {
        int[] batches = {0};
        Progress stopAfterOne = new Progress() {
            @Override
            public void report(int done, int total) {
            }

            @Override
            public boolean cancelled() {
                return batches[0] >= 2; // the original image and one batch
            }
        };
        assertThrows(CancellationException.class, () -> Occlusion.run((x, n) -> {
            batches[0]++;
            return logits(x, n);
        }, new float[16], 1, 4, 4, 2, 1, 2, stopAfterOne));
        assertEquals(2, batches[0]);
    }

    @Test
    void everyChannelIsCoveredWithItsOwnMean() {
        // 2×1×2: channel 0 = (1, 3) → mean 2, channel 1 = (0, 8) → mean 4
        float[] image = {1, 3, 0, 8};
        float[][] seen = new float[1][];
        Occlusion.run((x, n) -> {
            if (n == 2) {
                seen[0] = x.clone();
            }
            float[][] out = new float[n][2];
            return out;
        }, image, 2, 1, 2, 1, 1, 64, Progress.NONE);
        // copy 0 hides column 0 of both channels, copy 1 column 1
        assertArrayEquals(new float[]{2, 3, 4, 8, 1, 2, 0, 4}, seen[0], 0f);
    }
}
