package org.saescope.app;

import org.saescope.app.session.AppDirs;
import org.saescope.app.session.DemoLocator;
import org.saescope.app.session.IndexOpener;

/** Where the app looks for things: its own directories, the demo, and how indexes are opened. */
public record AppConfig(AppDirs dirs, DemoLocator demo, IndexOpener indexes) {
    public static AppConfig standard() {
        return new AppConfig(AppDirs.fromEnvironment(), DemoLocator.standard(), IndexOpener.SQLITE);
    }
}
