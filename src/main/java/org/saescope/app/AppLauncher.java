package org.saescope.app;

import javafx.application.Application;

/**
 * Opens the app from a plain main class, or says why it cannot: on Linux without a display
 * (no DISPLAY or WAYLAND_DISPLAY) or without GTK, JavaFX would fail with a stack trace; here the
 * user gets one clear line and exit code 2 instead, and the CLI keeps working.
 */
public final class AppLauncher {
    public static final int NO_DISPLAY = 2;

    private AppLauncher() {
    }

    /** Returns an exit code: 0 after the window was closed, 2 when there is no display. */
    public static int launch(String[] args) {
        String problem = displayProblem();
        if (problem != null) {
            System.err.println("saescope: cannot open the desktop app: " + problem
                    + ". Run a subcommand for the command line (saescope --help).");
            return NO_DISPLAY;
        }
        try {
            Application.launch(SaescopeApp.class, args);
            return 0;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // e.g. "Unable to open DISPLAY", missing libgtk-3
            System.err.println("saescope: cannot open the desktop app: " + e.getMessage()
                    + ". A display and GTK 3 are needed (apt-get install libgtk-3-0); run a subcommand for the command line.");
            return NO_DISPLAY;
        }
    }

    /** Why JavaFX cannot show a window here, or null when it probably can. */
    static String displayProblem() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        boolean headlessGlass = "Monocle".equalsIgnoreCase(System.getProperty("glass.platform"));
        if (os.contains("linux") && !headlessGlass && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))) {
            return "no display (DISPLAY and WAYLAND_DISPLAY are not set)";
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
