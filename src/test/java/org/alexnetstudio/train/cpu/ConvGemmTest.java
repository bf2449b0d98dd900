package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every test of the direct step against the SameDiff graph again, with the convolutions (but the
 * first trained one) through im2col and GEMMs ({@link ConvGemm}), as on a CPU without AVX-512.
 */
class ConvGemmTest extends DirectStepTest {

    @BeforeEach
    void gemm() {
        ConvGemm.forced = "gemm";
    }

    @AfterEach
    void auto() {
        ConvGemm.forced = null;
    }

    @Test
    void theConvolutionsButTheFirstTrainedOneUseTheGemmPath() {
        Conv2d conv = new Conv2d(8, 3, 1, 1);
        Shape in = Shape.chw(4, 6, 6);
        assertEquals(ConvGemm.Choice.GEMM, ConvGemm.choice(conv, in, false));
        assertEquals(ConvGemm.Choice.ONEDNN, ConvGemm.choice(conv, in, true));
        List<String> names = new ConvOps(3, conv, in, Shape.chw(8, 6, 6), false).needs().training().stream()
                .map(LayerNeeds.Buffer::name).toList();
        assertTrue(names.contains("gemmCols"), names.toString());
        ConvGemm.forced = "onednn";
        assertEquals(ConvGemm.Choice.ONEDNN, ConvGemm.choice(conv, in, false));
        assertTrue(new ConvOps(3, conv, in, Shape.chw(8, 6, 6), false).needs().training().isEmpty());
        // alexnet-mini: conv 0 is the first trained layer; 3, 7, 10 and 13 go through the GEMMs
        ConvGemm.forced = "gemm";
        CpuNetwork net = CpuNetwork.build(Presets.alexnetMini(), 1);
        assertTrue(net.arrays().layers().size() > 13);
    }
}
