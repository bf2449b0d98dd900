package org.alexnetstudio.data;

import java.util.Locale;
import org.alexnetstudio.model.Bundle;

/** Texts the data pipeline shows to students, from the {@code messages} bundle of this package. */
public final class DataMessages {

    public static final String BUNDLE = "org.alexnetstudio.data.messages";

    private static final Bundle TEXTS = new Bundle(BUNDLE, DataMessages.class);

    private DataMessages() {
    }

    public static String format(String key, Object... args) {
        return format(Locale.getDefault(), key, args);
    }

    public static String format(Locale locale, String key, Object... args) {
        return TEXTS.format(locale, key, args);
    }
}
