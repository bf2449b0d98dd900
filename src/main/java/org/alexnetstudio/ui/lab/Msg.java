package org.alexnetstudio.ui.lab;

import java.util.Arrays;
import java.util.List;

/**
 * A text to show, as a key of the Lab's bundle and its arguments (which may be {@code Msg}s
 * themselves): checks stay free of any language, the view model formats them.
 */
public record Msg(String key, List<Object> args) {

    public Msg {
        args = List.copyOf(args);
    }

    public static Msg of(String key, Object... args) {
        return new Msg(key, Arrays.asList(args));
    }
}
