package io.kubemedic.app.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (or says it is a development build). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = KubemedicCli.class.getPackage().getImplementationVersion();
        return new String[] {"kubemedic " + (v == null ? "development build" : v)};
    }
}
