package org.saescope;

import org.saescope.app.AppLauncher;
import org.saescope.cli.SaescopeCommand;

/**
 * The one launcher. With a subcommand it runs the CLI; without arguments it opens the desktop app
 * (or, with no display, says so and exits with 2).
 *
 * <p>This class is deliberately not a JavaFX {@code Application}: a plain main class lets the same
 * jar run headless commands on machines without a display or without JavaFX on the module path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // DJL must never try to download an engine: the native library ships inside a jar.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (args.length == 0) {
            System.exit(AppLauncher.launch(args));
        }
        System.exit(SaescopeCommand.execute(args));
    }
}
