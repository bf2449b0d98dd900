package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Issue 21 item 23: every option of every command says what it does, in Chinese too where the command is translated. */
class OptionDescriptionsTest {

    private Locale saved;

    @BeforeEach
    void remember() {
        saved = Locale.getDefault();
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    private static List<CommandLine> everyCommand(CommandLine cl) {
        List<CommandLine> all = new ArrayList<>(List.of(cl));
        for (CommandLine sub : cl.getSubcommands().values()) {
            all.addAll(everyCommand(sub));
        }
        return all;
    }

    private static String text(ArgSpec arg) {
        return String.join(" ", arg.description()).strip();
    }

    @Test
    void everyOptionAndParameterHasADescription() {
        Locale.setDefault(Locale.ENGLISH);
        List<String> missing = new ArrayList<>();
        for (CommandLine cl : everyCommand(Cli.commandLine())) {
            CommandSpec spec = cl.getCommandSpec();
            for (ArgSpec arg : spec.args()) {
                if (text(arg).isEmpty()) {
                    missing.add(spec.qualifiedName() + " " + (arg instanceof OptionSpec o ? o.longestName()
                            : arg.paramLabel()));
                }
            }
        }
        assertTrue(missing.isEmpty(), "options without a description: " + missing);
    }

    @Test
    void translatedCommandsDescribeEveryOptionInChinese() {
        Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
        List<String> untranslated = new ArrayList<>();
        int translatedCommands = 0;
        for (CommandLine cl : everyCommand(Cli.commandLine())) {
            CommandSpec spec = cl.getCommandSpec();
            ResourceBundle bundle = spec.resourceBundle();
            if (bundle == null) {
                continue;
            }
            translatedCommands++;
            for (OptionSpec o : spec.options()) {
                String key = o.descriptionKey();
                boolean inBundle;
                try {
                    inBundle = key != null && !key.isEmpty()
                            && ResourceBundle.getBundle(spec.resourceBundleBaseName(), Locale.SIMPLIFIED_CHINESE,
                                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))
                                    .containsKey(key);
                } catch (MissingResourceException e) {
                    inBundle = false;
                }
                String shown = text(o);
                if (!inBundle || shown.chars().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                    untranslated.add(spec.qualifiedName() + " " + o.longestName() + " (" + key + "): " + shown);
                }
            }
        }
        assertFalse(translatedCommands == 0, "the data command is translated");
        assertTrue(untranslated.isEmpty(), "options shown in English in a Chinese command: " + untranslated);
    }
}
