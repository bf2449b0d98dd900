package org.alexnetstudio;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.alexnetstudio.cli.Cli;
import org.alexnetstudio.ui.ClassPreloader;
import org.alexnetstudio.ui.StudioApp;

/**
 * Entry point. With no arguments it opens the window; with a command name it runs headless.
 * {@code --smoke} runs the headless self-test. A plain class (not an Application) so that JavaFX
 * runs from the classpath.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        useUtf8OnAsciiTerminals();
        if (args.length == 0) {
            StudioApp.mark("main()");
            if (!Boolean.getBoolean("alexnet.noPreload")) {
                ClassPreloader.startInBackground();
            }
            StudioApp.launchApp(args);
        } else if (args[0].equals("--smoke")) {
            System.exit(Cli.run("smoke"));
        } else {
            System.exit(Cli.run(args));
        }
    }

    /**
     * Under the POSIX locale (containers, CI, ssh without LANG) Java would print ×, ⌊ and Chinese
     * as '?'; UTF-8 shows them on every current terminal.
     */
    private static void useUtf8OnAsciiTerminals() {
        String enc = System.getProperty("native.encoding", "");
        if (enc.equals("ANSI_X3.4-1968") || enc.equalsIgnoreCase("US-ASCII")) {
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        }
    }
}
