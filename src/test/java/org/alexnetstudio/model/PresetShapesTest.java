package org.alexnetstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PresetShapesTest {

    @Test
    void bookAlexNetMatchesTheBooksPrintout() {
        NetworkAnalysis a = Presets.alexnet().analyze();
        assertTrue(a.isValid(), a.errorMessages().toString());
        List<String> shapes = a.layers().stream().map(r -> r.output().toString()).toList();
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
                "10"), shapes);
        assertEquals(46_764_746L, a.totalParameters());
    }
}
