package org.alexnetstudio.train.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.Networks;
import org.junit.jupiter.api.Test;

class ActivationMaximisationTest {

    // 1×12×12 → conv 4 (3×3, p1) → BN → ReLU → maxpool 2: 4×6×6 → conv 6 (3×3): 6×4×4 → ReLU → Flatten 96 → Linear 3
    private static final NetworkSpec SPEC = new NetworkSpec(Shape.chw(1, 12, 12), List.<LayerSpec>of(
            new Conv2d(4, 3, 1, 1), new BatchNorm2d(), new ReLU(), new MaxPool2d(2, 2), new Conv2d(6, 3, 1, 0),
            new ReLU(), new Flatten(), new Linear(3)));

    @Test
    void rollingShiftsWithWrapAroundAndBack() {
        // 1×2×3: rows (0 1 2), (3 4 5); shifted down 1 and right 1 → rows (5 3 4), (2 0 1)
        float[] x = {0, 1, 2, 3, 4, 5};
        float[] out = new float[6];
        ActivationMaximisation.roll(x, out, 1, 2, 3, 1, 1);
        assertArrayEquals(new float[]{5, 3, 4, 2, 0, 1}, out, 0f);
        float[] back = new float[6];
        ActivationMaximisation.roll(out, back, 1, 2, 3, -1, -1);
        assertArrayEquals(x, back, 0f);
    }

    @Test
    void blurKeepsAConstantAndSpreadsAnImpulse() {
        float[] flat = new float[25];
        java.util.Arrays.fill(flat, 0.3f);
        ActivationMaximisation.blur(flat, 1, 5, 5, 0.8);
        for (float v : flat) {
            assertEquals(0.3f, v, 1e-6f);
        }
        float[] impulse = new float[25];
        impulse[12] = 1;
        ActivationMaximisation.blur(impulse, 1, 5, 5, 1.0);
        // side weight a = e^(−1/2)/(1 + 2e^(−1/2)) = 0.6065/2.2131 = 0.2741, centre 1 − 2a = 0.4519
        double a = Math.exp(-0.5) / (1 + 2 * Math.exp(-0.5));
        assertEquals((1 - 2 * a) * (1 - 2 * a), impulse[12], 1e-6);
        assertEquals(a * (1 - 2 * a), impulse[11], 1e-6);
        assertEquals(a * a, impulse[6], 1e-6);
        assertEquals(0, impulse[0], 0);
    }

    private static ActivationMaximisation.Settings few(int steps) {
        return new ActivationMaximisation.Settings(steps, 0.05, 1, 0.005, 4, 0.5, ActivationMaximisation.Start.NOISE, 3);
    }

    @Test
    void theAscentRaisesAClassScoreAndAFiltersMeanOutput() {
        Network net = Networks.build(SPEC, 4);
        int[] steps = {0};
        ActivationMaximisation.Result cls = ActivationMaximisation.forClass(net, 2, few(40), (d, t) -> steps[0] = d);
        assertEquals(40, steps[0]);
        assertTrue(cls.objective() > cls.startObjective() + 0.1,
                "class score " + cls.startObjective() + " → " + cls.objective());
        for (float v : cls.image()) {
            assertTrue(v >= 0 && v <= 1, "pixels stay in [0, 1]: " + v);
        }
        ActivationMaximisation.Result filter = ActivationMaximisation.forFilter(net, 4, 1, few(40), Progress.NONE);
        assertTrue(filter.objective() > filter.startObjective() + 0.1,
                "filter mean " + filter.startObjective() + " → " + filter.objective());
        // the same seed gives the same picture
        assertArrayEquals(cls.image(), ActivationMaximisation.forClass(net, 2, few(40), Progress.NONE).image(), 0f);
    }

    @Test
    void refusesUnknownUnitsAndStopsWhenCancelled() {
        Network net = Networks.build(SPEC, 4);
        assertThrows(IllegalArgumentException.class, () -> ActivationMaximisation.forClass(net, 3, few(2), Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> ActivationMaximisation.forFilter(net, 4, 6, few(2), Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> ActivationMaximisation.forFilter(net, 2, 0, few(2), Progress.NONE));
        int[] done = {0};
        Progress stopAt5 = new Progress() {
            @Override
            public void report(int d, int total) {
                done[0] = d;
            }

            @Override
            public boolean cancelled() {
                return done[0] >= 5;
            }
        };
        assertThrows(CancellationException.class, () -> ActivationMaximisation.forClass(net, 0, few(100), stopAt5));
        assertEquals(5, done[0]);
    }
}
