package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClassPreloaderTest {

    @Test
    void theStartupListStillNamesTheAppsClasses() throws IOException {
        long listed;
        try (InputStream in = ClassPreloader.class.getResourceAsStream(ClassPreloader.LIST)) {
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
        }
        int loaded = ClassPreloader.loadAll();
        // A list gone stale (classes renamed) only loses its head start; regenerate it with
        // bench/startup-classes.sh when this fails.
        assertTrue(listed > 1000, "list has " + listed + " classes");
        assertTrue(loaded >= listed * 0.95, loaded + " of " + listed + " classes found");
    }
}
