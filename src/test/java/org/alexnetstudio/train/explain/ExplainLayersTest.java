package org.alexnetstudio.train.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.alexnetstudio.model.Presets;
import org.junit.jupiter.api.Test;

class ExplainLayersTest {

    @Test
    void theBooksAlexNetReadsItsLastConvAfterTheReLU() {
        var spec = Presets.alexnet();
        assertEquals(List.of(0, 3, 6, 8, 10), ExplainLayers.convLayers(spec));
        assertEquals(10, ExplainLayers.lastConv(spec));
        assertEquals(11, ExplainLayers.camLayer(spec, 10)); // conv 10 → ReLU 11, then MaxPool 12 ends the block
        assertEquals(10, ExplainLayers.filterLayer(spec, 10)); // no batch norm: the conv itself
    }

    @Test
    void alexnetMiniReadsBatchNormAndReLU() {
        var spec = Presets.alexnetMini();
        int last = ExplainLayers.lastConv(spec);
        // conv/BN/ReLU at 0-2 and 3-5, pool 6, then 7-9, 10-12, 13-15, pool 16
        assertEquals(13, last);
        assertEquals(15, ExplainLayers.camLayer(spec, last)); // conv 13 → BN 14 → ReLU 15
        assertEquals(14, ExplainLayers.filterLayer(spec, last)); // after batch norm, before the ReLU
    }

    @Test
    void lenetAndThe2012PaperKeepSigmoidAndLrnInTheBlock() {
        assertEquals(1, ExplainLayers.camLayer(Presets.lenet(), 0)); // conv 0 → Sigmoid 1 → AvgPool
        assertEquals(2, ExplainLayers.camLayer(Presets.alexnet2012(), 0)); // conv → ReLU → LRN → MaxPool
    }

    @Test
    void aNetworkWithoutConvHasNoDefaultAndOtherLayersAreRefused() {
        var mlp = new org.alexnetstudio.model.NetworkSpec(org.alexnetstudio.model.Shape.chw(1, 4, 4),
                List.of(new org.alexnetstudio.model.Flatten(), new org.alexnetstudio.model.Linear(3)));
        assertEquals(-1, ExplainLayers.lastConv(mlp));
        assertThrows(IllegalArgumentException.class, () -> ExplainLayers.camLayer(Presets.alexnet(), 1));
    }
}
