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

    /** Decimal megabytes: 187.1 MB, 0.74 MB. */
    String megabytes(long bytes) {
        double mb = bytes / 1e6;
        return mb >= 10 ? String.format(locale, "%,.1f MB", mb) : String.format(locale, "%.2f MB", mb);
    }

    /** 938.1 M, 1.77 G, 61.7 K, 512. */
    String compact(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(locale, "%.2f G", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(locale, "%.1f M", n / 1e6);
        }
        if (n >= 10_000L) {
            return String.format(locale, "%.1f K", n / 1e3);
        }
        return String.valueOf(n);
    }
}
