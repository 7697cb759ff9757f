package dev.vnvdimm.guest.ndctl;

import dev.vnvdimm.guest.ndctl.CommandLineOptions.Spec;
import dev.vnvdimm.guest.nvdimm.NvdimmBus;
import dev.vnvdimm.guest.nvdimm.Region;
import java.util.List;

/** ndctl's {@code enable-region} and {@code disable-region}, by {@code regionN}, {@code N} or {@code all}. */
final class RegionCommands {
    private static final List<Spec> OPTIONS = List.of(new Spec('b', "bus", true), new Spec('v', "verbose", false));

    private final NvdimmBus bus;

    RegionCommands(NvdimmBus bus) {
        this.bus = bus;
    }

    CommandResult enableRegion(List<String> args) {
        return setEnabled(args, true);
    }

    CommandResult disableRegion(List<String> args) {
        return setEnabled(args, false);
    }

    private CommandResult setEnabled(List<String> args, boolean enable) {
        CommandLineOptions o = CommandLineOptions.parse(args, OPTIONS);
        if (o.positional().isEmpty()) {
            throw new CommandLineOptions.UsageException("at least one region must be specified");
        }
        int n = 0;
        for (Region r : bus.regions()) {
            if (o.positional().contains("all") || o.positional().contains(r.dev())
                    || o.positional().contains(String.valueOf(r.index()))) {
                r.setEnabled(enable);
                n++;
            }
        }
        return new CommandResult(n > 0 ? 0 : 1, "", Summary.of(enable ? "enabled" : "disabled", n, "region"));
    }
}
