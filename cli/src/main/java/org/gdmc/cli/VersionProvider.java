package org.gdmc.cli;

import org.gdmc.study.Version;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"gdmc " + Version.get() + " (git " + System.getProperty("gdmc.revision", "unknown") + ")",
            "Java " + Runtime.version()};
    }
}
