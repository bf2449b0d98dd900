package org.alexnetstudio.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.Presets;
import org.junit.jupiter.api.Test;

class CalibratedEstimatorTest {

    @Test
    void scalesWithTheNetworksMacsAndStaysAnEstimate() {
        CalibratedEstimator e = new CalibratedEstimator(1e10);
        NetworkAnalysis lenet = Presets.lenet().analyze();
        double s = e.secondsPerEpoch(lenet, 60_000).orElseThrow();
        // 3 passes × MACs × images / (MACs/s)
        assertEquals(3.0 * lenet.totalMacs() * 60_000 / 1e10, s, 1e-9);
        assertEquals(2 * s, e.secondsPerEpoch(lenet, 120_000).orElseThrow(), 1e-9);
        assertTrue(e.isEstimate());
        assertThrows(IllegalArgumentException.class, () -> new CalibratedEstimator(0));
        assertThrows(IllegalArgumentException.class, () -> new CalibratedEstimator(Double.NaN));
    }

    @Test
    void addsTheFixedCostOfEveryStep() {
        NetworkAnalysis lenet = Presets.lenet().analyze();
        double compute = new CalibratedEstimator(1e10).withBatch(100).secondsPerEpoch(lenet, 60_000).orElseThrow();
        CalibratedEstimator e = new CalibratedEstimator(1e10, 0.001, 100);
        // 60,000/100 = 600 steps × 12 layers × 1 ms = 7.2 s on top of the compute
        assertEquals(compute + 7.2, e.secondsPerEpoch(lenet, 60_000).orElseThrow(), 1e-9);
        // Batch 50 doubles the steps: 1,200 × 12 × 1 ms = 14.4 s
        assertEquals(compute + 14.4, e.withBatch(50).secondsPerEpoch(lenet, 60_000).orElseThrow(), 1e-9);
    }

    @Test
    void measuringRealStepsGivesAPositiveRate() {
        CalibratedEstimator e = CalibratedEstimator.measure(Fixtures.tinyCnn(), 4, 8, 2, 128);
        assertTrue(e.macsPerSecond() > 0 && Double.isFinite(e.macsPerSecond()), "rate " + e.macsPerSecond());
        assertTrue(e.secondsPerEpoch(Presets.alexnet().analyze(), 60_000).isPresent());
    }
}
