package org.alexnetstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PresetShapesTest {

    private static List<String> shapes(NetworkSpec spec) {
        NetworkAnalysis a = spec.analyze();
        assertTrue(a.isValid(), a.errorMessages().toString());
        return a.layers().stream().map(r -> r.output().toString()).toList();
    }

    @Test
    void bookAlexNetMatchesTheBooksPrintout() {
        NetworkAnalysis a = Presets.alexnet().analyze();
        assertEquals(List.of(
                "96×54×54",   // (224+2-11)/4+1 = 54
                "96×54×54",
                "96×26×26",   // (54-3)/2+1 = 26
                "256×26×26",  // (26+4-5)/1+1 = 26
                "256×26×26",
                "256×12×12",  // (26-3)/2+1 = 12
                "384×12×12", "384×12×12", "384×12×12", "384×12×12",
                "256×12×12", "256×12×12",
                "256×5×5",    // (12-3)/2+1 = 5
                "6400",       // 256*5*5
                "4096", "4096", "4096", "4096", "4096", "4096",
                "10"), shapes(Presets.alexnet()));
        assertEquals(46_764_746L, a.totalParameters());
        // 33,872,256 + 415,334,400 + 127,401,984 + 191,102,976 + 127,401,984   (convs)
        //   + 26,214,400 + 16,777,216 + 40,960                                   (dense) = 938,146,176
        assertEquals(938_146_176L, a.totalMacs());
        assertEquals(187_058_984L, a.weightBytes());            // 46,764,746 * 4
        assertEquals(187.058984, a.weightMegabytes(), 1e-9);
        assertEquals(26_218_496L * 4, a.layers().get(14).weightBytes());  // (6400*4096+4096) * 4
    }

    @Test
    void lenetMatchesTheBook() {
        assertEquals(List.of(
                "6×28×28",    // (28+4-5)/1+1 = 28
                "6×28×28",
                "6×14×14",    // (28-2)/2+1 = 14
                "16×10×10",   // (14-5)/1+1 = 10
                "16×10×10",
                "16×5×5",     // (10-2)/2+1 = 5
                "400",        // 16*5*5
                "120", "120", "84", "84", "10"), shapes(Presets.lenet()));
        // 6*25+6 + 16*6*25+16 + 400*120+120 + 120*84+84 + 84*10+10 = 156+2416+48120+10164+850 = 61706
        assertEquals(61_706L, Presets.lenet().analyze().totalParameters());
    }

    @Test
    void alexnet2012IsThePapersSingleTowerNetwork() {
        assertEquals(List.of(
                "96×55×55",   // (227-11)/4+1 = 55
                "96×55×55", "96×55×55",
                "96×27×27",   // (55-3)/2+1 = 27
                "256×27×27",  // (27+4-5)/1+1 = 27
                "256×27×27", "256×27×27",
                "256×13×13",  // (27-3)/2+1 = 13
                "384×13×13", "384×13×13", "384×13×13", "384×13×13", "256×13×13", "256×13×13",
                "256×6×6",    // (13-3)/2+1 = 6
                "9216",       // 256*6*6
                "4096", "4096", "4096", "4096", "4096", "4096", "1000"), shapes(Presets.alexnet2012()));
        // 34,944 + 614,656 + 885,120 + 1,327,488 + 884,992 + 37,752,832 + 16,781,312 + 4,097,000 = 62,378,344
        assertEquals(62_378_344L, Presets.alexnet2012().analyze().totalParameters());
    }

    @Test
    void alexnetMiniFitsACpu() {
        List<String> s = shapes(Presets.alexnetMini());
        assertEquals("32×14×14", s.get(0));    // 5×5 stride 2 on 28: ⌊(28+4-5)/2⌋+1 = 14
        assertEquals("64×14×14", s.get(3));    // (14+2-3)/1+1 = 14
        assertEquals("64×7×7", s.get(6));      // (14-2)/2+1 = 7
        assertEquals("96×7×7", s.get(10));
        assertEquals("64×7×7", s.get(13));
        assertEquals("64×3×3", s.get(16));     // overlapping pool like AlexNet's: (7-3)/2+1 = 3
        assertEquals("576", s.get(17));        // 64*3*3
        assertEquals("10", s.get(s.size() - 1));
        // convs 832+18,496+55,392+83,040+55,360, batch norms 2*(32+64+96+96+64) = 704,
        // dense 147,712+65,792+2,570: total 429,898
        assertEquals(429_898L, Presets.alexnetMini().analyze().totalParameters());
        assertEquals(28, Presets.byId("alexnet-mini").orElseThrow().recipe().resize()); // images as stored
    }

    @Test
    void resizingAlexNetReinfersEverything() {
        // 96: (96+2-11)/4+1 = 22, (22-3)/2+1 = 10, 10, (10-3)/2+1 = 4, 4, (4-3)/2+1 = 1 → 256×1×1 → 256
        List<String> at96 = shapes(Presets.alexnet().withResize(96));
        assertEquals("96×22×22", at96.get(0));
        assertEquals("256×1×1", at96.get(12));
        assertEquals("256", at96.get(13));
        // 68: (68+2-11)/4+1 = 15, (15-3)/2+1 = 7, 7, (7-3)/2+1 = 3, 3, (3-3)/2+1 = 1 → 256×1×1 → 256
        List<String> at68 = shapes(Presets.alexnet().withResize(68));
        assertEquals("96×15×15", at68.get(0));
        assertEquals("256×3×3", at68.get(11));
        assertEquals("256×1×1", at68.get(12));
        assertEquals("256", at68.get(13));
        // The first dense layer shrinks with the input: 256*4096+4096 instead of 6400*4096+4096.
        assertEquals(1_052_672L, Presets.alexnet().withResize(68).analyze().layers().get(14).parameters());
        assertEquals(Presets.alexnet().withResize(96), Presets.alexnet().withInput(Shape.parse("1x96x96")));
    }

    @Test
    void resizingTooSmallStopsAtTheLastPoolWithATeachingError() {
        // 63: (63+2-11)/4+1 = 14, (14-3)/2+1 = 6, 6, (6-3)/2+1 = 2, 2, then (2-3)/2+1 = 0: the 3×3 pool does not fit
        NetworkAnalysis a = Presets.alexnet().withResize(63).analyze();
        assertFalse(a.isValid());
        LayerReport failed = a.firstError().orElseThrow();
        assertEquals(12, failed.index());
        assertEquals("error.kernelTooLarge", failed.error().key());
        assertTrue(failed.error().message(Locale.ENGLISH).contains("⌊(2 + 2·0 − 3)/2⌋ + 1 = 0"));
        assertTrue(a.layers().subList(13, 21).stream().noneMatch(LayerReport::known));
        assertTrue(a.layers().subList(13, 21).stream().allMatch(r -> r.error() == null && r.input() == null));
        // The padding fix (1 ≤ 3/2) makes it fit: (2+2-3)/2+1 = 1.
        NetworkSpec fixed = a.spec().applyFix(12, failed.error().fixes().get(1));
        assertTrue(fixed.analyze().isValid(), fixed.analyze().errorMessages().toString());
    }

    @Test
    void everyPresetIsValidAndHasARecipeMatchingItsInput() {
        for (Preset p : Presets.all()) {
            assertTrue(p.spec().analyze().isValid(), p.id());
            assertEquals(p.recipe().resize(), p.spec().input().height(), p.id());
            assertEquals(p, Presets.byId(p.id().toUpperCase(Locale.ROOT)).orElseThrow());
        }
        assertEquals(List.of("alexnet", "alexnet-mini", "lenet", "alexnet-2012"),
                Presets.all().stream().map(Preset::id).toList());
    }
}
