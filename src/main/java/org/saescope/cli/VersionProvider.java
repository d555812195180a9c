package org.saescope.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest, or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"saescope " + (v == null ? "dev" : v)};
    }
}
