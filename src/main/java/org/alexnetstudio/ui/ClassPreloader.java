package org.alexnetstudio.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Loads the classes the window needs for its first frame on a second thread while the JavaFX
 * toolkit starts on the first: ~2,600 classes (JavaFX, the JDK's non-archived ones, ours) are read
 * and defined from the jars before the window appears, and on a 2-core laptop that work can run
 * beside the toolkit's own start instead of after it. Classes are loaded, not initialised, so no
 * static initialiser runs off the JavaFX thread. The list ({@code startup-classes.txt}) comes from
 * {@code -Xlog:class+load} of a start (bench/startup-classes.sh); a stale entry is skipped.
 */
public final class ClassPreloader {

    static final String LIST = "startup-classes.txt";

    private ClassPreloader() {
    }

    public static void startInBackground() {
        Thread t = new Thread(ClassPreloader::loadAll, "class-preload");
        t.setDaemon(true);
        t.start();
    }

    /** Loads every class on the list; returns how many were found. */
    static int loadAll() {
        ClassLoader loader = ClassPreloader.class.getClassLoader();
        int loaded = 0;
        try (InputStream in = ClassPreloader.class.getResourceAsStream(LIST)) {
            if (in == null) {
                return 0;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String name;
            while ((name = r.readLine()) != null) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    Class.forName(name.strip(), false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // Renamed or removed since the list was made: only a missed head start.
                }
            }
        } catch (IOException e) {
            // Without the list the window starts as it would anyway.
        }
        return loaded;
    }
}
