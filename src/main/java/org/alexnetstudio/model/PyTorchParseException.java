package org.alexnetstudio.model;

import java.util.List;
import java.util.Locale;

/**
 * PyTorch source that {@link PyTorchCode#parse} cannot read: where (1-based line and column) and
 * what was unexpected, as a message key with arguments so the UI can show it in either language.
 */
public final class PyTorchParseException extends Exception {

    private final int line;
    private final int column;
    private final String key;
    private final transient List<Object> args;

    public PyTorchParseException(int line, int column, String key, Object... args) {
        super(null, null, false, false);
        this.line = line;
        this.column = column;
        this.key = key;
        this.args = List.of(args);
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

    /** What was wrong, without the position. */
    public String detail(Locale locale) {
        return Messages.format(locale, key, args.toArray());
    }

    /** {@code line 3, column 5: ...} in the given language. */
    public String message(Locale locale) {
        return Messages.format(locale, "parse.at", line, column, detail(locale));
    }

    @Override
    public String getMessage() {
        return message(Locale.getDefault());
    }
}
