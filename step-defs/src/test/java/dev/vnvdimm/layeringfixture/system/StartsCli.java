package dev.vnvdimm.layeringfixture.system;

import dev.vnvdimm.layeringfixture.cli.Command;

/** Wrong: the reference system uses the CLI. */
public class StartsCli {
    Command command;
}
