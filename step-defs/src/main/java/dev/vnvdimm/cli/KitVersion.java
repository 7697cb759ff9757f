package dev.vnvdimm.cli;

import picocli.CommandLine;

/** The kit's version, from the jar manifest when there is one. */
final class KitVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VnvdimmCli.class.getPackage().getImplementationVersion();
        return new String[] {"vnvdimm-kit " + (v == null ? "(development build)" : v)};
    }
}
