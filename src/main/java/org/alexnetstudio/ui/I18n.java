package org.alexnetstudio.ui;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The UI's texts in one language, from {@code org/alexnetstudio/ui/messages*.properties} (UTF-8). */
public final class I18n {

    static final String BUNDLE = "org.alexnetstudio.ui.messages";

    /** The languages the app ships texts for, in menu order. */
    public static final Locale[] SUPPORTED = {Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE};

    private final Locale locale;
    private final ResourceBundle bundle;

    public I18n(Locale locale) {
        this.locale = locale;
        // No fallback to the JVM default locale: English must stay English on a Chinese system.
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

    /** The saved choice if any, else Chinese on a Chinese system, else English. */
    public static Locale choose(String savedLanguageTag, Locale system) {
        if (savedLanguageTag != null && !savedLanguageTag.isBlank()) {
            return Locale.forLanguageTag(savedLanguageTag).getLanguage().equals("zh")
                    ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        }
        return system.getLanguage().equals("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }
}
