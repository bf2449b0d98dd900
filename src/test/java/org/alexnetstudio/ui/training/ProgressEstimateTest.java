package org.alexnetstudio.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressEstimateTest {

    private static final long S = 1_000_000_000L;

    @Test
    void speedEtaAndProgressMoveBetweenStepsThatTakeLongerThanASecond() {
        // 2 epochs of 1,280 training images in batches of 128 (10 batches), 300 test images;
        // one step every 2.5 s = 128 / 2.5 = 51.2 examples/sec (the book's AlexNet on a CPU).
        ProgressEstimate e = new ProgressEstimate(2, 128, 1280, 300);
        e.step(1, 1, 10, 10 * S);
        assertFalse(e.snapshot().speedKnown(), "one step: no interval measured yet");
        e.step(1, 2, 10, 10 * S + 25 * S / 10);
        e.step(1, 3, 10, 15 * S);
        ProgressEstimate.Snapshot s = e.snapshot();
        assertEquals(51.2, s.examplesPerSec(), 1e-9);
        // 3 of 20 batches done
        assertEquals(0.15, s.fraction(15 * S), 1e-9);
        // left: 1280 − 384 = 896 this epoch + 1280 next + 2 test passes × 300 / 3 = 2376 examples
        // / 51.2 = 46.40625 s
        assertEquals(46_406, s.eta(15 * S).toMillis());
        // One second later, before the next step: the ETA counted down, the bar moved on
        // (51.2 / (1280 × 2) = 0.02 of the run per second) but not past the next step (0.2).
        assertEquals(45_406, s.eta(16 * S).toMillis());
        assertEquals(0.17, s.fraction(16 * S), 1e-9);
        assertNotEquals(s.fraction(15 * S), s.fraction(16 * S));
        assertEquals(0.2, s.fraction(30 * S), 1e-9);
        assertEquals(0, s.eta(100 * S).toMillis());
    }

    @Test
    void aPauseAndTheTestPassAreNotCountedAsTrainingTime() {
        ProgressEstimate e = new ProgressEstimate(2, 100, 200, 100);
        e.step(1, 1, 2, 0);
        e.step(1, 2, 2, S);          // 100 examples in 1 s
        e.step(2, 1, 2, 60 * S);     // after the test pass: another epoch, not measured
        e.gap();                      // paused here for a minute
        e.step(2, 2, 2, 120 * S);
        assertEquals(100, e.snapshot().examplesPerSec(), 1e-9);
        assertTrue(e.snapshot().fraction(120 * S) <= 1);
    }
}
