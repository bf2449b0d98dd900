package org.alexnetstudio.ui.lab;

import java.util.Locale;
import org.alexnetstudio.model.Bundle;

/** The Lab's texts, from {@code org/alexnetstudio/ui/lab/messages*.properties} (UTF-8). */
public final class LabTexts {

    static final String BUNDLE = "org.alexnetstudio.ui.lab.messages";

    private static final Bundle TEXTS = new Bundle(BUNDLE, LabTexts.class);

    private final Locale locale;

    public LabTexts(Locale locale) {
        this.locale = locale;
    }

    public Locale locale() {
        return locale;
    }

    public String get(String key) {
        return TEXTS.text(locale, key);
    }

    public String fmt(String key, Object... args) {
        return TEXTS.format(locale, key, args);
    }
}
