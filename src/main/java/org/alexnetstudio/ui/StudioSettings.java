package org.alexnetstudio.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** What the window remembers between runs (java.util.prefs): language and recent files. */
public final class StudioSettings {

    static final int MAX_RECENT = 8;
    private static final String LANGUAGE = "language";
    private static final String RECENT = "recent.";

    private final Preferences node;

    public StudioSettings(Preferences node) {
        this.node = node;
    }

    /** The user's own settings. */
    public static StudioSettings user() {
        return new StudioSettings(Preferences.userRoot().node("org/alexnetstudio/studio"));
    }

    /** The saved language tag ({@code en}, {@code zh-CN}), or empty for "follow the system". */
    public String language() {
        return node.get(LANGUAGE, "");
    }

    public void setLanguage(Locale locale) {
        node.put(LANGUAGE, locale.toLanguageTag());
        flush();
    }

    public List<Path> recentFiles() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX_RECENT; i++) {
            String p = node.get(RECENT + i, null);
            if (p != null) {
                out.add(Path.of(p));
            }
        }
        return out;
    }

    /** Puts {@code file} first, dropping duplicates and the oldest beyond {@link #MAX_RECENT}. */
    public void addRecent(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        List<Path> list = new ArrayList<>(recentFiles());
        list.remove(abs);
        list.add(0, abs);
        for (int i = 0; i < MAX_RECENT; i++) {
            if (i < list.size()) {
                node.put(RECENT + i, list.get(i).toString());
            } else {
                node.remove(RECENT + i);
            }
        }
        flush();
    }

    private void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // Remembering is a convenience; the session goes on without it.
        }
    }
}
