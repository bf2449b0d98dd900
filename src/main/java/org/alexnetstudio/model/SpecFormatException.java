package org.alexnetstudio.model;

import java.util.List;
import java.util.Locale;

/**
 * A saved network file that {@link SpecJson#fromJson} cannot read: the field at fault (a path such
 * as {@code layers[3].kernel}, empty for JSON syntax errors), the 1-based line and column, and what
 * was wrong, as a message key with arguments.
 */
public final class SpecFormatException extends Exception {

    private final String field;
    private final int line;
    private final int column;
    private final String key;
    private final transient List<Object> args;

    public SpecFormatException(String field, int line, int column, String key, Object... args) {
        super(null, null, false, false);
        this.field = field;
        this.line = line;
        this.column = column;
        this.key = key;
        this.args = List.of(args);
    }

    public String field() {
        return field;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String key() {
        return key;
    }

    public List<Object> args() {
        return args;
    }

    public String detail(Locale locale) {
        return Messages.format(locale, key, args.toArray());
    }

    /** {@code layers[3].kernel: expected ... (line 12, column 17)} in the given language. */
    public String message(Locale locale) {
        return field.isEmpty()
                ? Messages.format(locale, "json.atSyntax", detail(locale), line, column)
                : Messages.format(locale, "json.atField", field, detail(locale), line, column);
    }

    @Override
    public String getMessage() {
        return message(Locale.getDefault());
    }
}
