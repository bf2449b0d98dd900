package org.alexnetstudio;

import org.alexnetstudio.cli.Cli;
import org.alexnetstudio.cli.ConsoleCharset;
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
        ConsoleCharset.useUtf8WhereAscii();
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
}
