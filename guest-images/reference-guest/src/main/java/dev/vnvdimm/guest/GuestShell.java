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
 * {@code dd}, {@code sha256sum} and {@code md5sum} on the pmem block devices, and {@code cat} of a few nd sysfs files —
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
    private static final Pattern NFIT_FLAGS = Pattern.compile("/sys/bus/nd/devices/(nmem\\d+)/nfit/flags");
    private static final Pattern READ_ONLY = Pattern.compile("/sys/bus/nd/devices/(region\\d+)/read_only");

    /**
     * busybox {@code cat} of the sysfs files scenarios read: a DIMM's {@code nfit/dsm_mask}, the functions its
     * command family offers as {@code 0x70} (a DIMM no family answered has no readable mask); its
     * {@code nfit/flags}, the NFIT memory device flags by name; and a region's {@code read_only}.
     */
    private CommandResult cat(List<String> paths) {
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            Matcher mask = DSM_MASK.matcher(path);
            Matcher flags = NFIT_FLAGS.matcher(path);
            Matcher readOnly = READ_ONLY.matcher(path);
            Optional<Nmem> nmem = mask.matches() ? guest.bus().nmem(mask.group(1))
                    : flags.matches() ? guest.bus().nmem(flags.group(1)) : Optional.empty();
            Optional<Region> region = readOnly.matches() ? guest.bus().region(readOnly.group(1)) : Optional.empty();
            if (nmem.isEmpty() && region.isEmpty()) {
                return CommandResult.fail(1, out.toString(), "cat: can't open '" + path + "': No such file or directory\n");
            }
            if (region.isPresent()) {
                out.append(region.get().readOnly() ? "1\n" : "0\n");
            } else if (flags.matches()) {
                // Linux prints each set flag's name followed by a space; QEMU sets no flag but not_armed
                out.append(nmem.get().unarmed() ? "not_armed " : "").append('\n');
            } else if (nmem.get().family() < 0) {
                return CommandResult.fail(1, out.toString(), "cat: read error: No such device or address\n");
            } else {
                long m = nmem.get().dsmMask();
                out.append(m == 0 ? "0\n" : String.format("%#x%n", m)); // C's %#lx prints 0 bare
            }
        }
        return CommandResult.ok(out.toString(), "");
    }

    /**
     * busybox {@code reboot -f}: no init to tell, straight to the machine's reset, the way Linux resets QEMU's
     * {@code pc} machine (its FADT has no reset register, so Linux's next method, the keyboard controller): wait
     * until the controller's input buffer is empty, then send its pulse-reset command. A machine that resets takes
     * this guest away, so the command answers only when the machine did not reset.
     */
    private CommandResult reboot(List<String> args) {
        if (!args.equals(List.of("-f"))) {
            return CommandResult.fail(1, "", "reboot: only 'reboot -f' is supported\n");
        }
        var platform = guest.platform();
        for (int wait = 0; wait < KBD_WAIT_TRIES && (platform.readIo(KBD_COMMAND_PORT, 1) & KBD_INPUT_FULL) != 0;
             wait++) {
            Thread.onSpinWait();
        }
        platform.writeIo(KBD_COMMAND_PORT, 1, KBD_PULSE_RESET);
        return CommandResult.fail(1, "", "reboot: the machine did not reset\n");
    }

    /** The i8042 keyboard controller's command/status port, its input-buffer-full status bit, its reset command. */
    private static final int KBD_COMMAND_PORT = 0x64;
    private static final int KBD_INPUT_FULL = 0x02;
    private static final int KBD_PULSE_RESET = 0xFE;
    private static final int KBD_WAIT_TRIES = 0x10000;

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
            case "reboot" -> reboot(rest);
            default -> CommandResult.fail(127, "", "sh: " + argv.get(0) + ": not found\n");
        };
    }
}
