package org.alexnetstudio.model;

import java.util.Locale;
import java.util.ResourceBundle;

/** Texts the model shows to students, from the {@code messages} bundle of this package. */
public final class Messages {

    private static final Bundle BUNDLE = new Bundle("org.alexnetstudio.model.messages", Messages.class);

    private Messages() {
    }

    public static String format(String key, Object... args) {
        return format(Locale.getDefault(), key, args);
    }

    public static String format(Locale locale, String key, Object... args) {
        return BUNDLE.format(locale, key, args);
    }

    /** True when the bundle defines {@code key}. */
    public static boolean has(String key) {
        return BUNDLE.has(key);
    }

    static ResourceBundle bundle(Locale locale) {
        return BUNDLE.bundle(locale);
    }
}
