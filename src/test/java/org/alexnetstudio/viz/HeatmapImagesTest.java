package org.alexnetstudio.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeatmapImagesTest {

    @Test
    void theHeatScaleRunsFromBlackToPaleYellowThroughItsStops() {
        assertEquals(0xFF000004, HeatmapImages.heat(0));
        assertEquals(0xFFFCFFA4, HeatmapImages.heat(1)); // (252, 255, 164)
        // 0.5 is the middle stop, (188, 55, 84); halfway between stops 0 and 1: (43.5, 8, 57) → (44, 8, 57)
        assertEquals(0xFFBC3754, HeatmapImages.heat(0.5));
        assertEquals(0xFF2C0839, HeatmapImages.heat(0.125));
        assertEquals(HeatmapImages.heat(1), HeatmapImages.heat(7)); // clamped
    }

    @Test
    void anOverlayBlendsGreyAndColourByTheOpacity() {
        // one pixel: grey 0.4 (102), map 1 (pale yellow 252, 255, 164), opacity 0.25:
        // 0.75·102 + 0.25·252 = 139.5 → 140; 0.75·102 + 0.25·255 = 140.25 → 140; 0.75·102 + 0.25·164 = 117.5 → 118
        ArgbImage a = HeatmapImages.overlay(new float[]{0.4f}, 1, new float[]{1f}, 1, 1, false, 0.25);
        assertEquals(0xFF8C8C76, a.argb(0, 0));
        // signed: the opacity is scaled by |value|; a zero leaves the grey as it is
        ArgbImage b = HeatmapImages.overlay(new float[]{0.4f}, 1, new float[]{0f}, 1, 1, true, 0.8);
        assertEquals(0xFF666666, b.argb(0, 0));
        // signed at its extreme with opacity ½: a = min(1, 2·½)·|−1| = 1, the pure colour
        ArgbImage d = HeatmapImages.overlay(new float[]{0.4f}, 1, new float[]{-1f}, 1, 1, true, 0.5);
        assertEquals(Colormap.diverging(-1), d.argb(0, 0));
        // two channels are averaged: (0.2 + 0.6)/2 = 0.4 → 102 at opacity 0
        ArgbImage c = HeatmapImages.overlay(new float[]{0.2f, 0.6f}, 2, new float[]{1f}, 1, 1, false, 0);
        assertEquals(0xFF666666, c.argb(0, 0));
    }

    @Test
    void stretchingMapsTheDarkestToBlackAndTheBrightestToWhite() {
        ArgbImage s = HeatmapImages.stretched(new float[]{0.25f, 0.5f, 0.75f}, 1, 1, 3);
        assertEquals(0xFF000000, s.argb(0, 0));
        assertEquals(0xFF808080, s.argb(1, 0)); // (0.5 − 0.25)/0.5 · 255 = 127.5 → 128
        assertEquals(0xFFFFFFFF, s.argb(2, 0));
    }

    @Test
    void enlargingRepeatsEachPixel() {
        ArgbImage e = HeatmapImages.enlarged(new ArgbImage(2, 1, new int[]{1, 2}), 3);
        assertEquals(6, e.width());
        assertEquals(3, e.height());
        assertEquals(1, e.argb(2, 2));
        assertEquals(2, e.argb(3, 0));
    }
}
