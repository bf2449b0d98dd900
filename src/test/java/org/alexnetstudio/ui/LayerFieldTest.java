package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.ui.LayerField.IntPair;
import org.junit.jupiter.api.Test;

/** What the settings form accepts, and what it refuses with a reason. */
class LayerFieldTest {

    private final Conv2d conv = new Conv2d(96, 11, 4, 1);

    private LayerField field(Object layer, String name) {
        return LayerForms.of((org.alexnetstudio.model.LayerSpec) layer).stream()
                .filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void pairsReadSquareAndRectangularSizes() {
        LayerField kernel = field(conv, "kernel");
        assertEquals(new IntPair(5, 5), kernel.parse(" 5 ").value());
        assertEquals(new IntPair(3, 5), kernel.parse("3x5").value());
        assertEquals(new IntPair(3, 5), kernel.parse("3×5").value());
        assertEquals(new IntPair(3, 5), kernel.parse("3, 5").value());
        assertEquals(new Conv2d(96, 3, 5, 4, 4, 1, 1), kernel.with(conv, new IntPair(3, 5)));
        assertEquals("3×5", new IntPair(3, 5).toString());
        assertEquals("11", kernel.get(conv).toString());
    }

    @Test
    void badTextIsRefusedWithAReason() {
        LayerField kernel = field(conv, "kernel");
        assertEquals("invalid.pair", kernel.parse("abc").errorKey());
        assertEquals("invalid.pair", kernel.parse("1x2x3").errorKey());
        assertEquals("invalid.empty", kernel.parse("").errorKey());
        assertEquals("invalid.range", kernel.parse("0").errorKey());
        LayerField channels = field(conv, "outChannels");
        assertEquals("invalid.integer", channels.parse("9.5").errorKey());
        assertEquals("invalid.range", channels.parse("-3").errorKey());
        assertTrue(channels.parse("256").ok());
        assertFalse(field(conv, "padding").parse("-1").ok());
        assertTrue(field(conv, "padding").parse("0").ok());
    }

    @Test
    void dropoutIsAProbabilityBelowOne() {
        LayerField p = field(new Dropout(0.5), "p");
        assertEquals(LayerField.Type.PROBABILITY, p.type());
        assertTrue(p.parse("0").ok());
        assertEquals(0.25, p.parse("0,25").value());
        assertEquals("invalid.probability", p.parse("1").errorKey());
        assertEquals("invalid.probability", p.parse("NaN").errorKey());
        assertEquals("invalid.number", p.parse("half").errorKey());
    }

    @Test
    void everyPaletteKindsFieldsReadBackWhatTheyWrite() {
        for (LayerKinds.Kind k : LayerKinds.all()) {
            for (LayerField f : LayerForms.of(k.defaults())) {
                Object v = f.get(k.defaults());
                assertTrue(f.check(v).ok(), k.name() + "." + f.name() + " default " + v);
                assertEquals(k.defaults(), f.with(k.defaults(), v), k.name() + "." + f.name());
            }
        }
    }
}
