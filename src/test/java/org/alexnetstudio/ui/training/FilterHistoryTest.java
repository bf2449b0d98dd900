package org.alexnetstudio.ui.training;

import java.util.List;
import org.alexnetstudio.train.ConvWeights;
import org.alexnetstudio.ui.shared.FilterHistory;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterHistoryTest {

    /** conv at spec index 0: 4×1×3×3 = 36 floats = 144 B; conv at index 3: 8×4×3×3 = 288 floats = 1152 B. */
    private static List<ConvWeights> weights(float value) {
        float[] a = new float[36];
        float[] b = new float[288];
        java.util.Arrays.fill(a, value);
        java.util.Arrays.fill(b, value);
        return List.of(new ConvWeights(0, 4, 1, 3, 3, a), new ConvWeights(3, 8, 4, 3, 3, b));
    }

    private static List<Integer> epochs(List<FilterHistory.Snapshot> s) {
        return s.stream().map(FilterHistory.Snapshot::epoch).toList();
    }

    @Test
    void everyConvLayerKeepsOneSnapshotPerEpoch() {
        FilterHistory h = new FilterHistory(1 << 20);
        for (int e = 0; e <= 3; e++) {
            h.add(e, weights(e));
        }
        assertEquals(List.of(0, 3), h.layers());
        assertEquals(List.of(0, 1, 2, 3), epochs(h.of(3)));
        assertEquals(2f, h.of(3).get(2).weights().values()[0]);
        assertEquals(4 * (144 + 1152), h.bytes()); // 4 epochs × (144 + 1152) B
        assertTrue(h.droppedEpochs().isEmpty());
    }

    @Test
    void overTheBudgetTheOldestTrainedEpochsOfDeeperLayersGoFirst() {
        // One epoch is 144 + 1152 = 1296 B; a 4000 B budget holds 3 epochs (3888 B), not 4 (5184 B).
        FilterHistory h = new FilterHistory(4000);
        for (int e = 0; e <= 5; e++) {
            h.add(e, weights(e));
        }
        // The first layer keeps all 6 epochs (864 B); 4000 − 864 = 3136 B leave room for 2 deeper snapshots
        // (2304 B): before training and the latest, so epochs 1–4 of the deeper layer were dropped.
        assertEquals(List.of(0, 1, 2, 3, 4, 5), epochs(h.firstLayer()));
        assertEquals(List.of(0, 5), epochs(h.of(3)));
        assertEquals(java.util.Set.of(1, 2, 3, 4), h.droppedEpochs());
        assertEquals(6 * 144 + 2 * 1152, h.bytes());
        assertTrue(h.bytes() <= h.budgetBytes());
    }

    @Test
    void theLatestEpochStaysEvenWhenItAloneIsOverTheBudget() {
        FilterHistory h = new FilterHistory(1000);
        h.add(0, weights(0));
        h.add(1, weights(1));
        // Initial deeper weights go too (the latest is never dropped): only epoch 1 is left for layer 3.
        assertEquals(List.of(1), epochs(h.of(3)));
        assertEquals(List.of(0, 1), epochs(h.firstLayer()));
        assertEquals(java.util.Set.of(0), h.droppedEpochs());
    }
}
