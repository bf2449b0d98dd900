package org.alexnetstudio.model;

import java.util.Arrays;
import java.util.IllegalFormatException;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * One package's student-facing texts: a properties bundle (English plus translations) whose
 * patterns take positional {@code String.format} arguments. Shared by model, data, train and ui.
 */
public final class Bundle {

    // Without this, asking for English on a Chinese machine would fall back to the default locale's bundle.
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final String name;
    private final ClassLoader loader;

    /** @param name the bundle's base name, e.g. {@code org.alexnetstudio.model.messages} */
    public Bundle(String name, Class<?> owner) {
        this.name = name;
        this.loader = owner.getClassLoader();
    }

    /** The text for {@code key}, unformatted; the key itself when the bundle lacks it. */
    public String text(Locale locale, String key) {
        try {
            return bundle(locale).getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    public String format(Locale locale, String key, Object... args) {
        String pattern = text(locale, key);
        try {
            return String.format(locale, pattern, args);
        } catch (IllegalFormatException e) {
            // A broken translation must not crash the app: show the pattern and the raw values.
            return pattern + " " + Arrays.toString(args);
        }
    }

    /** True when the bundle defines {@code key}. */
    public boolean has(String key) {
        return bundle(Locale.ROOT).containsKey(key);
    }

    public ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(name, locale, loader, NO_FALLBACK);
    }
}
