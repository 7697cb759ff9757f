package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.Facs;
import dev.vnvdimm.abi.acpi.TableLoaderCommand;
import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;
import dev.vnvdimm.abi.dsm.DsmPage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What QEMU hands the firmware for ACPI: named fw_cfg blobs plus the linker/loader commands that place and
 * connect them (published as {@code etc/table-loader}). A {@code TableBlobs} is always consistent the way
 * firmware needs it: each command names files that exist, each file is allocated once and before any
 * command uses it, and every patched or summed range lies inside its file.
 *
 * <p>Composing the usual set: append the tables to {@link #TABLES} (FACS first, it needs 64-byte
 * alignment), each one's pointer fields holding the <em>offset</em> of the table they point at; add an
 * ADD_POINTER for each such field, then the table's ADD_CHECKSUM (after its pointers, so the checksum covers
 * the patched values); do the same for {@link #RSDP} in {@link AllocZone#FSEG}.
 */
public final class TableBlobs {

    /** All ACPI tables but the RSDP, back to back (QEMU {@code ACPI_BUILD_TABLE_FILE}). */
    public static final String TABLES = "etc/acpi/tables";
    /** The RSDP alone, allocated in the F-segment (QEMU {@code ACPI_BUILD_RSDP_FILE}). */
    public static final String RSDP = "etc/acpi/rsdp";
    /** The 4 KiB NVDIMM DSM page whose address the SSDT's MEMA receives (QEMU {@code NVDIMM_DSM_MEM_FILE}). */
    public static final String NVDIMM_MEM = "etc/acpi/nvdimm-mem";
    /** The file holding the encoded commands. */
    public static final String TABLE_LOADER = TableLoaderCommand.FW_CFG_FILE;

    /** QEMU allocates {@link #TABLES} 64-byte aligned so the FACS at its start is aligned. */
    public static final int TABLES_ALIGNMENT = Facs.ALIGNMENT;
    /** The DSM page, aligned to its size as QEMU aligns it to {@code sizeof(NvdimmDsmIn)}; zone HIGH (notes §1.1). */
    public static final int NVDIMM_MEM_SIZE = DsmPage.SIZE;
    public static final int NVDIMM_MEM_ALIGNMENT = DsmPage.SIZE;

    private final Map<String, byte[]> files;
    private final List<TableLoaderCommand> commands;

    private TableBlobs(Map<String, byte[]> files, List<TableLoaderCommand> commands) {
        this.files = files;
        this.commands = commands;
    }

    /**
     * Blobs and commands as given, checked for consistency.
     *
     * @throws IllegalArgumentException naming the first command (by index) firmware could not run
     */
    public static TableBlobs of(Map<String, byte[]> files, List<? extends TableLoaderCommand> commands) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        List<TableLoaderCommand> list = List.copyOf(commands);
        check(copy, list);
        return new TableBlobs(copy, list);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The blob names, in the order they were added. */
    public Set<String> fileNames() {
        return Collections.unmodifiableSet(files.keySet());
    }

    /** A copy of one blob. */
    public byte[] file(String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException("no blob " + name);
        }
        return bytes.clone();
    }

    public List<TableLoaderCommand> commands() {
        return commands;
    }

    /** The commands as the bytes of {@link #TABLE_LOADER}. */
    public byte[] tableLoader() {
        return TableLoaderCommand.encode(commands);
    }

    /** Every fw_cfg file to publish: the blobs, then {@link #TABLE_LOADER}. */
    public Map<String, byte[]> fwCfgFiles() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        files.forEach((name, bytes) -> out.put(name, bytes.clone()));
        out.put(TABLE_LOADER, tableLoader());
        return out;
    }

    private static void check(Map<String, byte[]> files, List<TableLoaderCommand> commands) {
        Set<String> allocated = new HashSet<>();
        for (int i = 0; i < commands.size(); i++) {
            TableLoaderCommand c = commands.get(i);
            String where = "command " + i + " " + c;
            if (c instanceof TableLoaderCommand.Allocate a) {
                if (!files.containsKey(a.file())) {
                    throw new IllegalArgumentException(where + ": no such blob");
                }
                if (files.get(a.file()).length == 0) {
                    throw new IllegalArgumentException(where + ": the blob is empty");
                }
                if (!allocated.add(a.file())) {
                    throw new IllegalArgumentException(where + ": the blob is already allocated");
                }
            } else if (c instanceof TableLoaderCommand.AddPointer p) {
                requireAllocated(allocated, p.destFile(), where);
                requireAllocated(allocated, p.srcFile(), where);
                requireInside(files.get(p.destFile()), p.offset(), p.size(), where);
            } else if (c instanceof TableLoaderCommand.AddChecksum k) {
                requireAllocated(allocated, k.file(), where);
                byte[] file = files.get(k.file());
                requireInside(file, k.start(), k.length(), where);
                requireInside(file, k.offset(), 1, where);
            }
        }
    }

    private static void requireAllocated(Set<String> allocated, String file, String where) {
        if (!allocated.contains(file)) {
            throw new IllegalArgumentException(where + ": " + file + " is not allocated before this command");
        }
    }

    private static void requireInside(byte[] file, long offset, long length, String where) {
        if (offset + length > file.length) {
            throw new IllegalArgumentException(where + ": bytes [" + offset + ", " + (offset + length)
                    + ") lie outside the " + file.length + "-byte blob");
        }
    }

    /** Collects blobs and commands in order; {@link #build()} checks them. */
    public static final class Builder {
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        private final List<TableLoaderCommand> commands = new ArrayList<>();

        private Builder() {
        }

        /** Sets a blob's whole contents. */
        public Builder file(String name, byte[] contents) {
            files.put(name, contents.clone());
            return this;
        }

        /** Appends bytes to a blob (creating it empty first) and returns the offset they start at. */
        public int append(String name, byte[] bytes) {
            byte[] old = files.getOrDefault(name, new byte[0]);
            byte[] grown = Arrays.copyOf(old, old.length + bytes.length);
            System.arraycopy(bytes, 0, grown, old.length, bytes.length);
            files.put(name, grown);
            return old.length;
        }

        /** The current size of a blob, 0 if it does not exist yet. */
        public int size(String name) {
            byte[] bytes = files.get(name);
            return bytes == null ? 0 : bytes.length;
        }

        public Builder allocate(String file, long align, AllocZone zone) {
            commands.add(new TableLoaderCommand.Allocate(file, align, zone));
            return this;
        }

        /** ADD_POINTER: the {@code size}-byte field at {@code offset} of {@code destFile} gets {@code srcFile}'s address added. */
        public Builder addPointer(String destFile, long offset, int size, String srcFile) {
            commands.add(new TableLoaderCommand.AddPointer(destFile, srcFile, offset, size));
            return this;
        }

        /**
         * ADD_CHECKSUM, clearing the checksum byte in the blob as QEMU does ({@code bios_linker_loader_add_checksum}),
         * so the blob matches QEMU's; firmware computes the value.
         */
        public Builder addChecksum(String file, long offset, long start, long length) {
            TableLoaderCommand.AddChecksum k = new TableLoaderCommand.AddChecksum(file, offset, start, length);
            byte[] bytes = files.get(file);
            if (bytes == null || offset >= bytes.length) {
                throw new IllegalArgumentException("checksum offset " + offset + " is outside blob " + file);
            }
            bytes[(int) offset] = 0;
            commands.add(k);
            return this;
        }

        /**
         * ADD_CHECKSUM for the standard-header ACPI table at {@code tableOffset} in {@code file}: its Checksum
         * byte over its Length bytes (ACPI 6.4 §5.2.6).
         */
        public Builder addTableChecksum(String file, int tableOffset) {
            byte[] bytes = files.get(file);
            if (bytes == null || tableOffset + AcpiTableHeader.SIZE > bytes.length) {
                throw new IllegalArgumentException("no table header at offset " + tableOffset + " of " + file);
            }
            long length = Integer.toUnsignedLong(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
                    .getInt(tableOffset + AcpiTableHeader.LENGTH));
            return addChecksum(file, tableOffset + AcpiTableHeader.CHECKSUM, tableOffset, length);
        }

        /** The blobs and commands, checked as {@link TableBlobs#of} does. */
        public TableBlobs build() {
            return TableBlobs.of(files, commands);
        }
    }
}
