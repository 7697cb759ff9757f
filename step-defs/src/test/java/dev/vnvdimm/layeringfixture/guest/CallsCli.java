package dev.vnvdimm.layeringfixture.guest;

import dev.vnvdimm.layeringfixture.cli.Command;

/** Wrong: the guest uses the CLI. */
public class CallsCli {
    Command command;
}
