package org.alexnetstudio.data;

import java.nio.file.Path;

/**
 * Where the data came from: shown to the student.
 * @param dir the folder holding the four files; null for the bundled sample (a classpath resource)
 * @param description student-readable, from the data bundle; says "sample" for the sample
 */
public record DataSource(Kind kind, Path dir, String description) {

    /** The lookup rules, in the order they are tried. */
    public enum Kind { CHOSEN, ENVIRONMENT, APP_HOME, DEBIAN, BOOK_LAYOUT, BUNDLED_SAMPLE }

    public boolean isSample() {
        return kind == Kind.BUNDLED_SAMPLE;
    }
}
