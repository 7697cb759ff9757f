package dev.vnvdimm.emulator.migration;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vnvdimm.emulator.dimm.DimmDevice;
import dev.vnvdimm.emulator.dimm.Nvdimm;
import dev.vnvdimm.emulator.hostmem.MemoryBackendFile;
import dev.vnvdimm.emulator.machine.Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The CONFIG section: what a destination must match before it accepts a single page — the machine, every
 * memory device and every RAM block. QEMU checks only RAM block names and sizes (and so accepts a destination
 * with a different label-size: spec notes §5); the reference checks everything the guest's view depends on.
 */
public record MachineDescription(String machineType, long ramSize, boolean nvdimm, String nvdimmPersistence,
                                 List<Device> devices, List<Block> ramBlocks) {

    /** One DIMM or NVDIMM as the guest sees it. */
    public record Device(String id, String type, long size, long labelSize, int slot, long addr, int node,
                         boolean unarmed, String memdev, long memdevSize) {
    }

    /**
     * One RAM block. {@code sharedFile} is the identity of a {@code share=on} backing file
     * ({@code device:inode}) or empty; {@code sent} is false when x-ignore-shared leaves it to the shared file.
     */
    public record Block(String id, long size, String sharedFile, boolean sent) {
    }

    /**
     * Every member present and none null, in lists too: a CONFIG section that lacks one is unreadable, not a
     * description whose checks then trip over a null.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .build();

    public static MachineDescription of(Machine m) {
        return of(m, false);
    }

    /** @param ignoreShared x-ignore-shared: shared file-backed blocks are not sent */
    public static MachineDescription of(Machine m, boolean ignoreShared) {
        List<Device> devices = new ArrayList<>();
        for (DimmDevice d : m.dimms()) {
            long label = d instanceof Nvdimm n ? n.labelSize() : 0;
            boolean unarmed = d instanceof Nvdimm n && n.unarmed();
            devices.add(new Device(d.id().orElse(""), d.typeName(), d.size(), label, d.slot(), d.addr(), d.node(),
                    unarmed, d.memdev().id(), d.memdev().size()));
        }
        List<Block> blocks = new ArrayList<>();
        for (Machine.RamBlock b : m.ramBlocks()) {
            Optional<String> shared = sharedFileIdentity(b);
            blocks.add(new Block(b.id(), b.memory().size(), shared.orElse(""), !(ignoreShared && shared.isPresent())));
        }
        return new MachineDescription(m.type().alias(), m.settings().ramSize(), m.settings().nvdimm(),
                m.settings().nvdimmPersistence().orElse(""), devices, blocks);
    }

    /** {@code device:inode} of a shared file-backed block, which x-ignore-shared may leave unsent. */
    static Optional<String> sharedFileIdentity(Machine.RamBlock b) {
        if (b.backend().isEmpty() || !(b.backend().get() instanceof MemoryBackendFile f) || !f.shared()
                || f.isAnonymousFile()) {
            return Optional.empty();
        }
        try {
            Object dev = Files.getAttribute(f.path(), "unix:dev");
            Object ino = Files.getAttribute(f.path(), "unix:ino");
            return Optional.of(dev + ":" + ino);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MachineDescription fromJson(byte[] json) throws MigrationException {
        MachineDescription d;
        try {
            d = JSON.readValue(json, MachineDescription.class);
        } catch (IOException e) {
            throw new MigrationException("unreadable CONFIG section: " + e.getMessage());
        }
        if (d == null) {
            throw new MigrationException("unreadable CONFIG section: null instead of a machine description");
        }
        return d;
    }

    /**
     * Checks that a machine described by {@code source} can be loaded into this one; throws naming the first
     * mismatch (QEMU's words for RAM blocks). Blocks the source does not send (x-ignore-shared) must be the
     * very same file here.
     */
    public void acceptFrom(MachineDescription source) throws MigrationException {
        if (!machineType.equals(source.machineType)) {
            throw new MigrationException("machine type mismatch: the source is " + source.machineType
                    + ", this machine is " + machineType);
        }
        Map<String, Block> mine = ramBlocks.stream().collect(Collectors.toMap(Block::id, Function.identity()));
        for (Block b : source.ramBlocks) {
            Block here = mine.get(b.id());
            if (here == null) {
                throw new MigrationException("Unknown ramblock \"" + b.id() + "\", cannot accept migration");
            }
            if (here.size() != b.size()) {
                throw new MigrationException(String.format("Size mismatch: %s: 0x%x != 0x%x", b.id(), b.size(),
                        here.size()));
            }
            if (!b.sent() && !b.sharedFile().equals(here.sharedFile())) {
                throw new MigrationException("x-ignore-shared: ramblock \"" + b.id() + "\" is not backed by the "
                        + "same shared file here (" + (here.sharedFile().isEmpty() ? "not a shared file"
                        : "file " + here.sharedFile()) + ", source file " + b.sharedFile() + ")");
            }
        }
        if (ramBlocks.size() != source.ramBlocks.size()) {
            for (Block b : ramBlocks) {
                if (source.ramBlocks.stream().noneMatch(s -> s.id().equals(b.id()))) {
                    throw new MigrationException("ramblock \"" + b.id() + "\" exists here but not on the source");
                }
            }
        }
        if (nvdimm != source.nvdimm || !nvdimmPersistence.equals(source.nvdimmPersistence)) {
            throw new MigrationException("machine option mismatch: nvdimm=" + (source.nvdimm ? "on" : "off")
                    + ",nvdimm-persistence=" + source.nvdimmPersistence + " on the source, nvdimm="
                    + (nvdimm ? "on" : "off") + ",nvdimm-persistence=" + nvdimmPersistence + " here");
        }
        for (Device d : source.devices) {
            Device here = devices.stream().filter(x -> x.id().equals(d.id())).findFirst().orElse(null);
            if (here == null) {
                throw new MigrationException("device '" + d.id() + "' (" + d.type()
                        + ") is missing on the destination");
            }
            compare(d, "type", d.type(), here.type());
            compare(d, "memdev", d.memdev(), here.memdev());
            // label-size first: a different label area also shrinks the guest-visible size, but it is the cause
            compareHex(d, "label-size", d.labelSize(), here.labelSize());
            compareHex(d, "size", d.size(), here.size());
            compare(d, "slot", d.slot(), here.slot());
            compareHex(d, "addr", d.addr(), here.addr());
            compare(d, "node", d.node(), here.node());
            compare(d, "unarmed", d.unarmed(), here.unarmed());
        }
        for (Device d : devices) {
            if (source.devices.stream().noneMatch(s -> s.id().equals(d.id()))) {
                throw new MigrationException("device '" + d.id() + "' (" + d.type() + ") exists here but not on "
                        + "the source");
            }
        }
    }

    private static void compare(Device d, String property, Object source, Object here) throws MigrationException {
        if (!source.equals(here)) {
            throw new MigrationException(d.type() + " '" + d.id() + "': " + property + " " + source
                    + " on the source, " + here + " here");
        }
    }

    private static void compareHex(Device d, String property, long source, long here) throws MigrationException {
        if (source != here) {
            throw new MigrationException(String.format("%s '%s': %s 0x%x on the source, 0x%x here", d.type(), d.id(),
                    property, source, here));
        }
    }
}
