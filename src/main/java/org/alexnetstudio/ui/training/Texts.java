package org.alexnetstudio.ui.training;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The texts of the Train, Filters, Mistakes, Predict and Data screens, from
 * {@code org/alexnetstudio/ui/training/messages*.properties} (UTF-8); part 1 keeps its own bundle.
 */
public final class Texts {

    static final String BUNDLE = "org.alexnetstudio.ui.training.messages";

    private final Locale locale;
    private final ResourceBundle bundle;

    public Texts(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public Locale locale() {
        return locale;
    }

    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    public String fmt(String key, Object... args) {
        return String.format(locale, get(key), args);
    }

    /** A class name in this language (the Chinese bundle translates them). */
    public String className(int label) {
        return get("class." + label);
    }
}
