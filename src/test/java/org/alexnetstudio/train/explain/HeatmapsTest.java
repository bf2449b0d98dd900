package org.alexnetstudio.train.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class HeatmapsTest {

    @Test
    void saliencyIsTheLargestMagnitudeOverChannels() {
        // 2 channels of 1×3: channel 0 = (0.5, −2, 0), channel 1 = (−1, 1, 0.25)
        float[] g = {0.5f, -2f, 0f, -1f, 1f, 0.25f};
        // max(|0.5|, |−1|) = 1, max(|−2|, |1|) = 2, max(0, 0.25) = 0.25
        assertArrayEquals(new float[]{1f, 2f, 0.25f}, Heatmaps.saliency(g, 2, 1, 3), 0f);
    }

    @Test
    void gradCamWeighsChannelsByTheirMeanGradientThenRectifies() {
        // 2 channels of 1×2. A0 = (1, 2), A1 = (3, −1); G0 = (1, 3) → α0 = 2; G1 = (−1, 0) → α1 = −0.5
        float[] a = {1, 2, 3, -1};
        float[] g = {1, 3, -1, 0};
        assertArrayEquals(new double[]{2, -0.5}, Heatmaps.gradCamWeights(g, 2, 1, 2), 0);
        // position 0: 2·1 − 0.5·3 = 0.5; position 1: 2·2 − 0.5·(−1) = 4.5
        assertArrayEquals(new float[]{0.5f, 4.5f}, Heatmaps.gradCam(a, g, 2, 1, 2), 1e-7f);
        // α0 = −2 instead: −2·1 − 0.5·3 = −3.5 → 0; −2·2 + 0.5 = −3.5 → 0
        assertArrayEquals(new float[]{0f, 0f}, Heatmaps.gradCam(a, new float[]{-1, -3, -1, 0}, 2, 1, 2), 0f);
    }

    @Test
    void upsamplingIsPyTorchsBilinearWithoutAlignedCorners() {
        // F.interpolate(torch.tensor([[[[1., 2.], [3., 4.]]]]), size=(4, 4), mode="bilinear",
        // align_corners=False): output i samples (i + ½)·½ − ½ = −0.25 → 0, 0.25, 0.75, 1.25 → row/col 1
        float[] up = Heatmaps.upsampleBilinear(new float[]{1, 2, 3, 4}, 2, 2, 4, 4);
        assertArrayEquals(new float[]{
            1f, 1.25f, 1.75f, 2f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.5f, 2.75f, 3.25f, 3.5f,
            3f, 3.25f, 3.75f, 4f}, up, 1e-6f);
        // Same size: the identity. 3 → 7 (a ratio that is not whole): the corners stay.
        float[] map = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(map, Heatmaps.upsampleBilinear(map, 3, 3, 3, 3), 0f);
        float[] seven = Heatmaps.upsampleBilinear(map, 3, 3, 7, 7);
        assertEquals(0f, seven[0], 0f);
        assertEquals(8f, seven[48], 0f);
        // output 3 (the centre) samples (3.5)·(3/7) − ½ = 1 exactly: the source centre, 4
        assertEquals(4f, seven[3 * 7 + 3], 1e-6f);
    }

    @Test
    void normalisingDividesByTheLargestValue() {
        assertArrayEquals(new float[]{0f, 0.5f, 1f}, Heatmaps.normalise(new float[]{0, 2, 4}), 0f);
        assertArrayEquals(new float[]{0f, 0f}, Heatmaps.normalise(new float[]{0, 0}), 0f);
        // signed: by the largest magnitude, 4
        assertArrayEquals(new float[]{-1f, 0.5f}, Heatmaps.normaliseSigned(new float[]{-4, 2}), 0f);
    }

    @Test
    void smoothGradAveragesTheMapsOfNoisyCopies() {
        float[] image = {0f, 1f, 0.5f};
        // level 0: every copy is the image, so the mean is the map itself
        float[] plain = Heatmaps.smoothGrad(image, x -> new float[]{2 * x[0], 2 * x[1], 2 * x[2]}, 5, 0, 1, Progress.NONE);
        assertArrayEquals(new float[]{0f, 2f, 1f}, plain, 1e-7f);
        // A map that records the copies it saw: the result is their mean, and the noise has
        // σ = 0.2 · (1 − 0) = 0.2, so 4000 copies average to the image within 4σ/√4000 ≈ 0.013.
        List<float[]> seen = new ArrayList<>();
        float[] mean = Heatmaps.smoothGrad(image, x -> {
            seen.add(x.clone());
            return x.clone();
        }, 4000, 0.2, 7, Progress.NONE);
        assertEquals(4000, seen.size());
        assertArrayEquals(Heatmaps.mean(seen), mean, 1e-6f);
        assertArrayEquals(image, mean, 0.013f);
        double var = 0;
        for (float[] x : seen) {
            var += (x[1] - 1) * (x[1] - 1);
        }
        assertEquals(0.2, Math.sqrt(var / seen.size()), 0.01);
    }

    @Test
    void smoothGradReportsProgressAndStopsWhenCancelled() {
        int[] reported = {0};
        Progress counting = (done, total) -> reported[0] = done;
        Heatmaps.smoothGrad(new float[]{1}, x -> x, 3, 0.1, 1, counting);
        assertEquals(3, reported[0]);
        Progress stop = new Progress() {
            @Override
            public void report(int done, int total) {
                reported[0] = done;
            }

            @Override
            public boolean cancelled() {
                return reported[0] >= 2;
            }
        };
        reported[0] = 0;
        assertThrows(CancellationException.class, () -> Heatmaps.smoothGrad(new float[]{1}, x -> x, 10, 0.1, 1, stop));
        assertEquals(2, reported[0]);
    }

    @Test
    void refusesArraysOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> Heatmaps.saliency(new float[5], 2, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Heatmaps.gradCam(new float[4], new float[3], 2, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Heatmaps.upsampleBilinear(new float[3], 2, 2, 4, 4));
    }
}
