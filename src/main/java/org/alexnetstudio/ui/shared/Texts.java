package org.alexnetstudio.ui.shared;

import java.util.Locale;
import org.alexnetstudio.model.Bundle;

/**
 * The texts of the Train, Filters, Mistakes, Predict and Data screens, from
 * {@code org/alexnetstudio/ui/training/messages*.properties} (UTF-8); part 1 keeps its own bundle.
 */
public final class Texts {

    static final String BUNDLE = "org.alexnetstudio.ui.training.messages";

    private static final Bundle TEXTS = new Bundle(BUNDLE, Texts.class);

    private final Locale locale;

    public Texts(Locale locale) {
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

    /** A class name in this language (the Chinese bundle translates them). */
    public String className(int label) {
        return get("class." + label);
    }
}
