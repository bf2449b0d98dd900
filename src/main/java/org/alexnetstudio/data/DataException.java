package org.alexnetstudio.data;

import java.nio.file.Path;

/** A clear, student-readable error naming the file and what is wrong. */
public class DataException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String key;

    /** A message from the data bundle; the file (may be null) is what the message names. */
    public DataException(Path file, String key, Object... args) {
        this(file, null, key, args);
    }

    public DataException(Path file, Throwable cause, String key, Object... args) {
        super(DataMessages.format(key, args), cause);
        this.file = file;
        this.key = key;
    }

    /** The file that is wrong, or null when the problem is not one file. */
    public Path file() {
        return file;
    }

    /** The bundle key of the message, so tests and the UI can tell errors apart. */
    public String key() {
        return key;
    }
}
