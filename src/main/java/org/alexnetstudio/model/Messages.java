package org.alexnetstudio.model;

import java.util.IllegalFormatException;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Texts the model shows to students, from the {@code messages} bundle of this package. */
public final class Messages {

    private static final String BUNDLE = "org.alexnetstudio.model.messages";

    // Without this, asking for English on a Chinese machine would fall back to the default locale's bundle.
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Messages() {
    }

    public static String format(String key, Object... args) {
        return format(Locale.getDefault(), key, args);
    }

    public static String format(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = bundle(locale).getString(key);
        } catch (MissingResourceException e) {
            pattern = key;
        }
        try {
            return String.format(locale, pattern, args);
        } catch (IllegalFormatException e) {
            // A broken translation must not crash the app: show the pattern and the raw values.
            return pattern + " " + java.util.Arrays.toString(args);
        }
    }

    /** True when the bundle defines {@code key}. */
    public static boolean has(String key) {
        return bundle(Locale.ROOT).containsKey(key);
    }

    static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(), NO_FALLBACK);
    }
}
