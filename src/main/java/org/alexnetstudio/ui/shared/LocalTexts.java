package org.alexnetstudio.ui.shared;

import java.util.Locale;
import org.alexnetstudio.model.Bundle;

/** One bundle's texts in one language: what each part of the window formats its words with. */
public abstract class LocalTexts {

    private final Bundle bundle;
    private final Locale locale;

    protected LocalTexts(Bundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    public final Locale locale() {
        return locale;
    }

    public final String get(String key) {
        return bundle.text(locale, key);
    }

    public final String fmt(String key, Object... args) {
        return bundle.format(locale, key, args);
    }
}
