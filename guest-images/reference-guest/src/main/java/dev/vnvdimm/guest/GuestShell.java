package dev.vnvdimm.guest;

import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.guest.ndctl.Ndctl;
import dev.vnvdimm.guest.ndctl.NvdimmDsmCommand;
import dev.vnvdimm.guest.block.DdCommand;
import dev.vnvdimm.guest.block.PmemBlockDevice;
import dev.vnvdimm.guest.labels.Namespace;
import dev.vnvdimm.guest.nvdimm.NamespaceClaim;
import dev.vnvdimm.guest.nvdimm.NamespaceView;
import dev.vnvdimm.guest.nvdimm.Nmem;
import dev.vnvdimm.guest.nvdimm.Region;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands the reference guest runs, by name: {@code ndctl ...}, {@code nvdimm-dsm ...}, {@code dmesg}, busybox's
 * {@code dd}, {@code sha256sum} and {@code md5sum} on the pmem block devices, and {@code cat} of a DIMM's {@code nfit/dsm_mask} —
 * the same command lines a Linux guest with ndctl takes, so one set of scenario steps drives both.
 */
public final class GuestShell {
    private final ReferenceGuest guest;

    GuestShell(ReferenceGuest guest) {
        this.guest = guest;
    }

    private DdCommand blockCommands() {
        return new DdCommand(guest.platform(), this::blockDevice, guest.workingDirectory());
    }

    /** The active namespace whose block device has this path, in an enabled region. */
    private Optional<PmemBlockDevice> blockDevice(String path) {
        for (Region r : guest.bus().regions()) {
            if (!r.enabled()) {
                continue;
            }
            for (NamespaceView ns : guest.namespaces().namespaces(r)) {
                if (ns.active() && path.equals("/dev/" + ns.blockdev())) {
                    long dpa = ns.label().map(Namespace::dpa).orElse(0L);
                    if (ns.claim().isEmpty()) {
                        return Optional.of(new PmemBlockDevice(ns.blockdev(), r.spa().rangeBase() + dpa, ns.size(),
                                r.readOnly()));
                    }
                    // an fsdax pmem device shows the data after the info block's reservation; a sector or devdax
                    // namespace has no pmem device of that name (the BTT's I/O is not modelled)
                    NamespaceClaim c = ns.claim().get();
                    return c.mode() == NamespaceClaim.Mode.FSDAX ? Optional.of(new PmemBlockDevice(ns.blockdev(),
                            r.spa().rangeBase() + dpa + c.dataOffset(), c.size(), r.readOnly())) : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static final Pattern DSM_MASK = Pattern.compile("/sys/bus/nd/devices/(nmem\\d+)/nfit/dsm_mask");

    /**
     * busybox {@code cat} of the one sysfs file a scenario reads, Linux's {@code nfit/dsm_mask}: the functions
     * the DIMM's command family offers, as {@code 0x70}; a DIMM no family answered has no readable mask.
     */
    private CommandResult cat(List<String> paths) {
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            Matcher m = DSM_MASK.matcher(path);
            Optional<Nmem> nmem = m.matches() ? guest.bus().nmem(m.group(1)) : Optional.empty();
            if (nmem.isEmpty()) {
                return CommandResult.fail(1, out.toString(), "cat: can't open '" + path + "': No such file or directory\n");
            }
            if (nmem.get().family() < 0) {
                return CommandResult.fail(1, out.toString(), "cat: read error: No such device or address\n");
            }
            long mask = nmem.get().dsmMask();
            out.append(mask == 0 ? "0\n" : String.format("%#x%n", mask)); // C's %#lx prints 0 bare
        }
        return CommandResult.ok(out.toString(), "");
    }

    public CommandResult run(List<String> argv) {
        if (argv.isEmpty()) {
            return CommandResult.ok("", "");
        }
        List<String> rest = argv.subList(1, argv.size());
        return switch (argv.get(0)) {
            case "ndctl" -> new Ndctl(guest.bus(), guest.namespaces(), guest.platform().hostFiles(),
                    guest.workingDirectory()).run(rest);
            case "nvdimm-dsm" -> new NvdimmDsmCommand(guest.bus(), guest.platform().hostFiles(),
                    guest.workingDirectory()).run(rest);
            case "dmesg" -> CommandResult.ok(guest.log().text(), "");
            case "dd" -> blockCommands().dd(rest);
            case "sha256sum" -> blockCommands().sha256sum(rest);
            case "md5sum" -> blockCommands().md5sum(rest);
            case "cat" -> cat(rest);
            case "true" -> CommandResult.ok("", "");
            default -> CommandResult.fail(127, "", "sh: " + argv.get(0) + ": not found\n");
        };
    }
}
