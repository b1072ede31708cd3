package org.defocusj.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the jar's version (from its manifest when packaged). */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"DefocusJ " + (v == null ? "(development build)" : v)};
    }
}
