package org.alexnetstudio.model;

import java.util.List;
import java.util.Locale;

/**
 * A one-click repair a shape error offers: replace the failing layer with a corrected copy,
 * or insert a layer before it.
 */
public record Fix(Action action, LayerSpec layer, String key, List<Object> args) {

    public enum Action { REPLACE, INSERT_BEFORE }

    public Fix {
        args = List.copyOf(args);
    }

    public static Fix replace(LayerSpec replacement, String key, Object... args) {
        return new Fix(Action.REPLACE, replacement, key, List.of(args));
    }

    public static Fix insertBefore(LayerSpec inserted, String key, Object... args) {
        return new Fix(Action.INSERT_BEFORE, inserted, key, List.of(args));
    }

    public String description() {
        return Messages.format(key, args.toArray());
    }

    public String description(Locale locale) {
        return Messages.format(locale, key, args.toArray());
    }
}
