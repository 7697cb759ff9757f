package dev.vnvdimm.guest;

import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.guest.ndctl.Ndctl;
import dev.vnvdimm.guest.ndctl.NvdimmDsmCommand;
import java.util.List;

/**
 * The commands the reference guest runs, by name: {@code ndctl ...}, {@code nvdimm-dsm ...} and {@code dmesg} —
 * the same command lines a Linux guest with ndctl takes, so one set of scenario steps drives both.
 */
public final class GuestShell {
    private final ReferenceGuest guest;

    GuestShell(ReferenceGuest guest) {
        this.guest = guest;
    }

    public CommandResult run(List<String> argv) {
        if (argv.isEmpty()) {
            return CommandResult.ok("", "");
        }
        List<String> rest = argv.subList(1, argv.size());
        return switch (argv.get(0)) {
            case "ndctl" -> new Ndctl(guest.bus(), guest.namespaces(), guest.workingDirectory()).run(rest);
            case "nvdimm-dsm" -> new NvdimmDsmCommand(guest.bus(), guest.workingDirectory()).run(rest);
            case "dmesg" -> CommandResult.ok(guest.log().text(), "");
            case "true" -> CommandResult.ok("", "");
            default -> CommandResult.fail(127, "", "sh: " + argv.get(0) + ": not found\n");
        };
    }
}
