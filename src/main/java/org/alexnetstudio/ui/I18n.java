package org.alexnetstudio.ui;

import java.util.Locale;
import org.alexnetstudio.model.Bundle;
import org.alexnetstudio.ui.shared.LocalTexts;

/** The UI's texts in one language, from {@code org/alexnetstudio/ui/messages*.properties} (UTF-8). */
public final class I18n extends LocalTexts {

    static final String BUNDLE = "org.alexnetstudio.ui.messages";

    /** The languages the app ships texts for, in menu order. */
    public static final Locale[] SUPPORTED = {Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE};

    private static final Bundle TEXTS = new Bundle(BUNDLE, I18n.class);

    public I18n(Locale locale) {
        super(TEXTS, locale);
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
