package org.alexnetstudio.ui.lab;

import java.util.Locale;
import org.alexnetstudio.model.Bundle;
import org.alexnetstudio.ui.shared.LocalTexts;

/** The Lab's texts, from {@code org/alexnetstudio/ui/lab/messages*.properties} (UTF-8). */
public final class LabTexts extends LocalTexts {

    static final String BUNDLE = "org.alexnetstudio.ui.lab.messages";

    private static final Bundle TEXTS = new Bundle(BUNDLE, LabTexts.class);

    public LabTexts(Locale locale) {
        super(TEXTS, locale);
    }
}
