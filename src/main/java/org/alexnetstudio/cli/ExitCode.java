package org.alexnetstudio.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.alexnetstudio.model.Bundle;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The exit status of every command, defined once: the same kind of error gives the same status in
 * {@code shapes}, {@code data}, {@code train}, {@code predict} and {@code bench}. Each command's
 * {@code --help} lists them (texts in {@code cli/messages.properties}); so does the README.
 */
public final class ExitCode {

    public static final int OK = 0;
    /** The work failed while it ran: training stopped (NaN loss, too little memory), a download failed. */
    public static final int FAILED = 1;
    /**
     * The command cannot be done as given: an unknown option, preset or value, a setting out of range,
     * a device that is not there, or a network that cannot be built (an error in its code or JSON, or
     * shapes that do not fit). picocli's own usage errors are 2 as well.
     */
    public static final int USAGE = 2;
    /** An input file or folder is missing, unreadable, not UTF-8 text or damaged (data, checkpoint, picture). */
    public static final int INPUT = 3;
    /** An output file cannot be written, or a save failed. */
    public static final int OUTPUT = 4;

    static final int[] ALL = {OK, FAILED, USAGE, INPUT, OUTPUT};

    static final Bundle TEXTS = new Bundle("org.alexnetstudio.cli.messages", ExitCode.class);

    private ExitCode() {
    }

    /** Adds the list to a command's help, in Chinese too where the command's texts are translated. */
    static void describe(CommandSpec spec) {
        Locale locale = spec.resourceBundle() != null ? Locale.getDefault() : Locale.ROOT;
        Map<String, String> list = new LinkedHashMap<>();
        for (int code : ALL) {
            list.put(Integer.toString(code), TEXTS.format(locale, "cli.exit." + code));
        }
        spec.usageMessage().exitCodeListHeading(TEXTS.format(locale, "cli.exit.heading") + "%n").exitCodeList(list);
    }
}
