package org.alexnetstudio.train;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Texts the engine shows to students, from the {@code messages} bundle of this package. */
public final class TrainMessages {

    private static final String BUNDLE = "org.alexnetstudio.train.messages";

    private TrainMessages() {
    }

    public static String format(String key, Object... args) {
        return format(Locale.getDefault(), key, args);
    }

    public static String format(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(BUNDLE, locale).getString(key);
        } catch (MissingResourceException e) {
            pattern = key;
        }
        return String.format(locale, pattern, args);
    }
}
