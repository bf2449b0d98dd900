package org.alexnetstudio.model;

import java.util.List;
import java.util.Locale;

/**
 * Why a layer cannot take its input, as a value that teaches: the field at fault, a message
 * with the student's own numbers in the formula, and fixes to apply with one click.
 */
public record ShapeError(String field, String key, List<Object> args, List<Fix> fixes) {

    public ShapeError {
        args = List.copyOf(args);
        fixes = List.copyOf(fixes);
    }

    public static ShapeError of(String field, String key, List<Fix> fixes, Object... args) {
        return new ShapeError(field, key, List.of(args), fixes);
    }

    public String message() {
        return Messages.format(key, args.toArray());
    }

    public String message(Locale locale) {
        return Messages.format(locale, key, args.toArray());
    }
}
