package org.alexnetstudio.ui.shared;

import java.util.Locale;
import org.alexnetstudio.model.Bundle;

/**
 * The texts of the Train, Filters, Mistakes, Predict and Data screens, from
 * {@code org/alexnetstudio/ui/training/messages*.properties} (UTF-8); part 1 keeps its own bundle.
 */
public final class Texts extends LocalTexts {

    static final String BUNDLE = "org.alexnetstudio.ui.training.messages";

    private static final Bundle TEXTS = new Bundle(BUNDLE, Texts.class);

    public Texts(Locale locale) {
        super(TEXTS, locale);
    }

    /**
     * {@code key.one} when {@code n} is 1 (where the language has such a form), else {@code key}:
     * "1 finished epoch", "2 finished epochs". The count is the first argument.
     */
    public String plural(String key, long n, Object... more) {
        Object[] args = new Object[more.length + 1];
        args[0] = n;
        System.arraycopy(more, 0, args, 1, more.length);
        String one = key + ".one";
        return fmt(n == 1 && !get(one).equals(one) ? one : key, args);
    }

    /** A class name in this language (the Chinese bundle translates them). */
    public String className(int label) {
        return get("class." + label);
    }
}
