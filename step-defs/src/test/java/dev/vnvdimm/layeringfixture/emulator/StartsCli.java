package dev.vnvdimm.layeringfixture.emulator;

import dev.vnvdimm.layeringfixture.cli.Command;

/** Wrong: the emulator uses the CLI. */
public class StartsCli {
    Command command;
}
