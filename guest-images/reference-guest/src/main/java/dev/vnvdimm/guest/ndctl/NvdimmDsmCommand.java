package dev.vnvdimm.guest.ndctl;

import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.guest.ndctl.CommandLineOptions.Spec;
import dev.vnvdimm.guest.nvdimm.NvdimmBus;
import java.io.IOException;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlFormatter;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.platform.HostFiles;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code nvdimm-dsm nmemX|root --function N [--revision R] [--uuid UUID] [--offset O --length L] [--data HEX]
 * [--data-file FILE] [--no-arg3]}: evaluates the device's {@code _DSM} through the guest's AML interpreter with
 * exactly these arguments and prints the reply — its status word and the bytes after it — the way a user
 * probes a hypervisor with bad input. {@code --offset}/{@code --length} build the Get/Set Label Data input
 * ({@code u32 offset, u32 length}, then the data for a write).
 */
public final class NvdimmDsmCommand {
    private static final List<Spec> SPECS = List.of(new Spec('f', "function", true), new Spec('r', "revision", true),
            new Spec('u', "uuid", true), new Spec('o', "offset", true), new Spec('l', "length", true),
            new Spec('d', "data", true), new Spec('i', "data-file", true), new Spec('n', "no-arg3", false));

    private final NvdimmBus bus;
    private final HostFiles files;
    private final Path workingDirectory;

    /** Exit status when the guest kernel refused the call before it reached the hypervisor. */
    public static final int KERNEL_REFUSED = 3;

    private boolean regionActive(String nmem) {
        return bus.regions().stream().anyMatch(r -> r.nmem().dev().equals(nmem) && r.enabled());
    }

    /** {@code --data-file} names a host file, relative to {@code workingDirectory}. */
    public NvdimmDsmCommand(NvdimmBus bus, HostFiles files, Path workingDirectory) {
        this.bus = bus;
        this.files = files;
        this.workingDirectory = workingDirectory;
    }

    public CommandResult run(List<String> args) {
        CommandLineOptions o;
        try {
            o = CommandLineOptions.parse(args, SPECS);
        } catch (CommandLineOptions.UsageException e) {
            return CommandResult.fail(Ndctl.USAGE, "", "nvdimm-dsm: " + e.getMessage() + "\n");
        }
        if (o.positional().size() != 1 || o.value("function").isEmpty()) {
            return CommandResult.fail(Ndctl.USAGE, "", "usage: nvdimm-dsm nmemX|root --function N [--revision R] "
                    + "[--uuid UUID] [--offset O --length L] [--data HEX | --data-file FILE] [--no-arg3]\n");
        }
        String target = o.positional().get(0);
        Optional<NamespaceNode> device = target.equals("root") ? bus.root()
                : bus.nmem(target).map(n -> n.device());
        if (device.isEmpty()) {
            return CommandResult.fail(1, "", "nvdimm-dsm: no device '" + target + "'\n");
        }
        try {
            long function = Long.decode(o.value("function").get());
            long revision = o.value("revision").map(Long::decode).orElse((long) IntelDsm.REVISION_1);
            // Set Namespace Label Data is the one label function Linux guards
            if (function == IntelDsm.SET_LABEL_DATA && !target.equals("root") && regionActive(target)) {
                // Linux's passthrough refuses label writes while the DIMM's region is enabled (-EBUSY): the
                // label area is in use. The output is the Linux image's nvdimm-dsm helper's.
                return CommandResult.fail(KERNEL_REFUSED, "kernel refused: Device or resource busy\n", "");
            }
            UUID uuid = o.value("uuid").map(UUID::fromString)
                    .orElse(target.equals("root") ? IntelDsm.ROOT_UUID : IntelDsm.DEVICE_UUID);
            Optional<byte[]> input = o.flag("no-arg3") ? Optional.empty() : input(o);
            AmlObject r = bus.dsm().call(device.get(), uuid, revision, function, input);
            return CommandResult.ok(describe(r), "");
        } catch (AmlException e) {
            return CommandResult.fail(1, "", "nvdimm-dsm: AML error: " + e.getMessage() + "\n");
        } catch (IOException | IllegalArgumentException e) {
            return CommandResult.fail(1, "", "nvdimm-dsm: " + e.getMessage() + "\n");
        }
    }

    private Optional<byte[]> input(CommandLineOptions o) throws IOException {
        byte[] data = o.value("data").map(h -> HexFormat.of().parseHex(h.replace(" ", "")))
                .orElse(new byte[0]);
        if (o.value("data-file").isPresent()) {
            data = files.readAll(workingDirectory.resolve(o.value("data-file").get()));
        }
        if (o.value("offset").isEmpty() && o.value("length").isEmpty()) {
            return data.length == 0 ? Optional.empty() : Optional.of(data);
        }
        long offset = Long.decode(o.value("offset").orElse("0"));
        long length = Long.decode(o.value("length").orElse(String.valueOf(data.length)));
        return Optional.of(IntelDsm.labelDataInput((int) offset, (int) length, data));
    }

    /** "status 0x0" then "data <hex>" for a Buffer reply; any other object in the AML one-line format. */
    static String describe(AmlObject r) {
        if (!(r instanceof AmlBuffer b)) {
            return "result " + AmlFormatter.format(r) + "\n";
        }
        byte[] bytes = b.bytes();
        if (bytes.length < DsmStatus.SIZE) {
            return "reply " + HexFormat.of().formatHex(bytes) + " (" + bytes.length + " bytes, no status word)\n";
        }
        return String.format("status 0x%x%n", DsmStatus.of(bytes)) + "data "
                + HexFormat.of().formatHex(bytes, DsmStatus.SIZE, bytes.length) + "\n";
    }
}
