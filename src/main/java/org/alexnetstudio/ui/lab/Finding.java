package org.alexnetstudio.ui.lab;

/** One thing a check looked for: done (with what it found) or still to do (with what is missing). */
public record Finding(boolean done, Msg text) {

    static Finding done(String key, Object... args) {
        return new Finding(true, Msg.of(key, args));
    }

    static Finding todo(String key, Object... args) {
        return new Finding(false, Msg.of(key, args));
    }
}
