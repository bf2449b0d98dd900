package org.alexnetstudio.train;

import java.util.Locale;
import org.alexnetstudio.model.Bundle;

/** Texts the engine shows to students, from the {@code messages} bundle of this package. */
public final class TrainMessages {

    private static final String BUNDLE = "org.alexnetstudio.train.messages";

    private static final Bundle TEXTS = new Bundle(BUNDLE, TrainMessages.class);

    private TrainMessages() {
    }

    public static String format(String key, Object... args) {
        return format(Locale.getDefault(), key, args);
    }

    public static String format(Locale locale, String key, Object... args) {
        return TEXTS.format(locale, key, args);
    }
}
