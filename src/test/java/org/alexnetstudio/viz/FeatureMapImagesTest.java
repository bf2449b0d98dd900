package org.alexnetstudio.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FeatureMapImagesTest {

    @Test
    void oneTilePerChannelUpToTheLimit() {
        // 3 channels of 2×2
        float[] v = {0, 1, 2, 3, 5, 5, 5, 5, -1, 0, 0, 1};
        ArgbImage[] t = FeatureMapImages.channels(v, 3, 2, 2, 2, Colormap.GREY);
        assertEquals(2, t.length);
        assertEquals(255, t[0].argb(1, 1) & 0xFF);
        assertEquals(128, t[1].argb(0, 0) & 0xFF); // constant channel → mid-grey
        assertThrows(IllegalArgumentException.class, () -> FeatureMapImages.channels(v, 2, 2, 2, 9, Colormap.GREY));
        assertEquals(3, FeatureMapImages.vector(new float[] {1, 2, 3}, Colormap.GREY).width());
    }
}
