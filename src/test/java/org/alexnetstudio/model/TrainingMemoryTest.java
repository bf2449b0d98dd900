package org.alexnetstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory of one training batch, counted from the shapes, against the hand count in the comments. */
class TrainingMemoryTest {

    @Test
    void booksAlexNetAtBatch128WithPlainSgd() {
        TrainingMemory m = TrainingMemory.of(Presets.alexnet().analyze(), 128, false);
        // weights 46,764,746 × 4 B = 187,058,984 B; their gradients the same; plain SGD: no momentum
        assertEquals(187_058_984L, m.weightBytes());
        assertEquals(187_058_984L, m.weightGradientBytes());
        assertEquals(0, m.momentumBytes());
        // outputs 1,340,042 values = 5,360,168 B per example × 128 = 686,101,504 B,
        // + the input 1×224×224 × 4 B × 128 = 25,690,112 B
        assertEquals(686_101_504L + 25_690_112L, m.activationBytes());
        assertEquals(686_101_504L, m.activationGradientBytes());
        // 2 × 187,058,984 + 2 × 686,101,504 + 25,690,112 = 1,772,011,088 B
        assertEquals(1_772_011_088L, m.totalBytes());
        TrainingMemory.Layer conv1 = m.layers().get(0);
        // 96×54×54 = 279,936 values × 4 B × 128 = 143,327,232 B; weights 96·(11·11·1) + 96 = 11,712 × 4 B
        assertEquals(143_327_232L, conv1.activationBytes());
        assertEquals(46_848L, conv1.weightBytes());
        assertEquals(2 * 46_848L + 2 * 143_327_232L, conv1.totalBytes());
    }

    @Test
    void momentumAddsOneVelocityPerWeightAndTheBatchScalesOnlyActivations() {
        NetworkAnalysis lenet = Presets.lenet().analyze();
        TrainingMemory small = TrainingMemory.of(lenet, 1, true);
        TrainingMemory large = TrainingMemory.of(lenet, 256, true);
        // 61,706 parameters × 4 B × (weights + gradients + velocity) = 740,472 B at any batch size
        assertEquals(740_472L, small.parameterStateBytes());
        assertEquals(740_472L, large.parameterStateBytes());
        assertEquals(256 * small.activationStateBytes(), large.activationStateBytes());
        assertEquals(61_706L * 4, TrainingMemory.of(lenet, 1, false).parameterStateBytes() / 2);
    }

    @Test
    void unknownLayersCountNothingAndABatchBelowOneIsRefused() {
        // 1×28×28 → 11×11 stride 4 gives 5×5; a 7×7 pool cannot fit: the pool and Linear after it are unknown
        NetworkSpec bad = new NetworkSpec(Shape.chw(1, 28, 28), List.of(
                new Conv2d(4, 11, 4, 1), new MaxPool2d(7, 7), new Flatten(), new Linear(10)));
        TrainingMemory m = TrainingMemory.of(bad.analyze(), 2, false);
        assertEquals(0, m.layers().get(3).totalBytes());
        // conv: 4×5×5 = 100 values × 4 B × 2 = 800 B, twice; weights 4·121 + 4 = 488 × 4 B, twice
        assertEquals(2 * 800 + 2 * 488 * 4, m.layers().get(0).totalBytes());
        assertThrows(IllegalArgumentException.class, () -> TrainingMemory.of(bad.analyze(), 0, false));
    }
}
