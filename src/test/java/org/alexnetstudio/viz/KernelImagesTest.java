package org.alexnetstudio.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KernelImagesTest {

    private static int grey(int argb) {
        return argb & 0xFF;
    }

    @Test
    void eachTileIsScaledToItsOwnRange() {
        // 2 kernels, 1 input channel, 1×3: kernel 0 tiny values, kernel 1 large ones
        float[] w = {0.001f, 0.002f, 0.003f, -5f, 0f, 5f};
        ArgbImage[] tiles = KernelImages.tiles(w, 2, 1, 1, 3, 0, Colormap.GREY);
        assertEquals(2, tiles.length);
        assertEquals(0, grey(tiles[0].argb(0, 0)));
        assertEquals(128, grey(tiles[0].argb(1, 0))); // (0.002-0.001)/(0.003-0.001)*255 = 127.5 → 128
        assertEquals(255, grey(tiles[0].argb(2, 0)));
        assertEquals(0, grey(tiles[1].argb(0, 0)));
        assertEquals(255, grey(tiles[1].argb(2, 0)));
    }

    @Test
    void tileLayoutFollowsPyTorchOrder() {
        // [out=1][in=2][kh=2][kw=2]: channel 1 is the second block of 4
        float[] w = {0, 0, 0, 0, 1, 2, 3, 4};
        ArgbImage t = KernelImages.tile(w, 1, 2, 2, 2, 0, 1, Colormap.GREY);
        assertEquals(2, t.width());
        assertEquals(2, t.height());
        assertEquals(0, grey(t.argb(0, 0)));   // value 1 = min
        assertEquals(255, grey(t.argb(1, 1))); // value 4 = max
        assertEquals(85, grey(t.argb(1, 0)));  // (2-1)/(4-1)*255 = 85
    }

    @Test
    void meanOfInputsAveragesChannels() {
        // in0 = {0, 4}, in1 = {2, 0}: mean = {1, 2}
        float[] w = {0, 4, 2, 0};
        ArgbImage t = KernelImages.tile(w, 1, 2, 1, 2, 0, KernelImages.MEAN_OF_INPUTS, Colormap.GREY);
        assertEquals(0, grey(t.argb(0, 0)));
        assertEquals(255, grey(t.argb(1, 0)));
    }

    @Test
    void divergingKeepsZeroWhiteAndSignsApart() {
        float[] w = {-2f, 0f, 1f};
        ArgbImage t = KernelImages.tile(w, 1, 1, 1, 3, 0, 0, Colormap.DIVERGING);
        assertEquals(0xFF2166AC, t.argb(0, 0)); // -2/2 = -1 → full blue (33,102,172)
        assertEquals(0xFFFFFFFF, t.argb(1, 0)); // zero → white
        int half = t.argb(2, 0);                 // 1/2 = 0.5 → halfway to red
        assertEquals(217, half >> 16 & 0xFF);    // 255 + 0.5*(178-255) = 216.5 → 217
        assertEquals(140, half >> 8 & 0xFF);     // 255 + 0.5*(24-255) = 139.5 → 140
    }

    @Test
    void constantAndNonFiniteTilesDoNotBreak() {
        ArgbImage flat = KernelImages.tile(new float[] {3, 3, 3, 3}, 1, 1, 2, 2, 0, 0, Colormap.GREY);
        assertEquals(128, grey(flat.argb(0, 0)));
        ArgbImage nan = KernelImages.tile(new float[] {Float.NaN, Float.NaN}, 1, 1, 1, 2, 0, 0, Colormap.GREY);
        assertEquals(128, grey(nan.argb(1, 0)));
    }

    @Test
    void wrongSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> KernelImages.tiles(new float[5], 2, 1, 1, 3, 0, Colormap.GREY));
        assertThrows(IllegalArgumentException.class, () -> KernelImages.tile(new float[6], 2, 1, 1, 3, 0, 1, Colormap.GREY));
    }

    @Test
    void bookFirstLayerGivesNinetySixTilesOfElevenByEleven() {
        float[] w = new float[96 * 11 * 11];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) Math.sin(k);
        }
        ArgbImage[] tiles = KernelImages.tiles(w, 96, 1, 11, 11, 0, Colormap.GREY);
        assertEquals(96, tiles.length);
        assertEquals(11, tiles[95].width());
        ArgbImage grid = KernelImages.grid(tiles, 12, 2, 1, 0xFF000000);
        // 12 columns of 22 px + 13 gaps = 277; 8 rows of 22 + 9 gaps = 185
        assertEquals(277, grid.width());
        assertEquals(185, grid.height());
        assertEquals(tiles[13].argb(0, 0), grid.argb(1 + 23, 1 + 23)); // tile 13 = row 1, col 1
        assertEquals(277, grid.toBufferedImage().getWidth());
    }
}
