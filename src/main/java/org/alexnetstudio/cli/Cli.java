package org.alexnetstudio.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless commands: {@code java -jar alexnet-studio.jar COMMAND [options]}. */
@Command(name = "alexnet-studio", mixinStandardHelpOptions = true, version = "AlexNet Studio 0.1.0",
        description = "Build and train convolutional networks. Without a command, opens the window.")
public final class Cli implements Callable<Integer> {

    /** The command line with every subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Cli());
        // Each headless command registers here.
        cl.addSubcommand(new ShapesCommand());
        cl.addSubcommand(new DataCommand());
        cl.addSubcommand(new TrainCommand());
        cl.addSubcommand(new PredictCommand());
        cl.addSubcommand(new ExplainCommand());
        cl.addSubcommand(new BenchCommand());
        cl.addSubcommand(new ExplainBenchCommand());
        cl.addSubcommand(new SmokeCommand());
        // After the subcommands: picocli hands these only to those registered so far.
        cl.setOut(ConsoleCharset.writer(System.out, ConsoleCharset.stdout()));
        cl.setErr(ConsoleCharset.writer(System.err, ConsoleCharset.stderr()));
        return withConventions(cl);
    }

    /**
     * Every command lists the exit statuses in its help, and an unexpected exception is one line
     * (what went wrong), never a stack trace; {@code -Dalexnet.debug=true} prints the trace too.
     */
    public static CommandLine withConventions(CommandLine cl) {
        ExitCode.describe(cl.getCommandSpec());
        for (CommandLine sub : cl.getSubcommands().values()) {
            withConventions(sub);
        }
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            var err = commandLine.getErr();
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
            err.println(ExitCode.TEXTS.format(Locale.getDefault(), "cli.error", message));
            if (Boolean.getBoolean("alexnet.debug")) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.FAILED;
        });
        return cl;
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    @Override
    public Integer call() {
        commandLine().usage(System.out);
        return 0;
    }

    /** The sentence for a {@code --preset} that names no preset, listing the ones there are. */
    static String unknownPreset(String id) {
        return "Unknown preset '" + id + "'; known: " + String.join(", ",
                org.alexnetstudio.model.Presets.all().stream().map(org.alexnetstudio.model.Preset::id).toList());
    }
}
