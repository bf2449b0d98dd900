package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.HashSet;
import java.util.Set;
import org.alexnetstudio.model.LayerCatalog;
import org.junit.jupiter.api.Test;

/** The palette offers every kind of model/'s catalog, each with its own shortcut. */
class LayerKindsTest {

    @Test
    void everyCatalogKindHasAGroupAndAUniqueShortcut() {
        assertEquals(LayerCatalog.all().size(), LayerKinds.all().size());
        Set<String> shortcuts = new HashSet<>();
        for (LayerKinds.Kind k : LayerKinds.all()) {
            assertNotNull(k.shortcut(), k.name() + " has no shortcut");
            assertEquals(true, shortcuts.add(k.shortcut()), "shortcut used twice: " + k.shortcut());
            assertEquals(LayerCatalog.byKind(k.name()).orElseThrow().defaultLayer(), k.defaults());
        }
    }
}
