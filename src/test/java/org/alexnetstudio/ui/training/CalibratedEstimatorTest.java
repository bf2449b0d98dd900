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
    void measuringRealStepsGivesAPositiveRate() {
        CalibratedEstimator e = CalibratedEstimator.measure(Fixtures.tinyCnn(), 8, 2);
        assertTrue(e.macsPerSecond() > 0 && Double.isFinite(e.macsPerSecond()), "rate " + e.macsPerSecond());
        assertTrue(e.secondsPerEpoch(Presets.alexnet().analyze(), 60_000).isPresent());
    }
}
