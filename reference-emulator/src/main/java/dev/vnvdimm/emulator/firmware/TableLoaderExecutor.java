package dev.vnvdimm.emulator.firmware;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.TableLoaderCommand;
import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the hypervisor's {@code etc/table-loader} script the way guest firmware (SeaBIOS {@code romfile_loader},
 * OVMF's {@code AcpiPlatformDxe}) does, against a {@link FirmwareMemory}: it decodes the script from the fw_cfg
 * files, then ALLOCATE copies a file to a newly allocated place, ADD_POINTER adds one file's address to a field of
 * another in place, ADD_CHECKSUM fixes a checksum byte in place. Afterwards the RSDP in the F-segment leads to
 * every table.
 */
public final class TableLoaderExecutor {

    private TableLoaderExecutor() {
    }

    /**
     * Runs every command in order.
     *
     * @param fwCfgFiles the fw_cfg files by name, {@code etc/table-loader} among them
     * @return where each allocated file was placed, by name, in allocation order
     * @throws IllegalArgumentException when there is no {@code etc/table-loader}, it does not decode, or a
     *         command names a file that does not exist or is not allocated yet, or bytes outside a file
     * @throws IllegalStateException when the memory returns a misaligned or out-of-zone address, or a patched
     *         pointer no longer fits its field (firmware would silently truncate it)
     */
    public static Map<String, Long> run(Map<String, byte[]> fwCfgFiles, FirmwareMemory memory) {
        byte[] script = fwCfgFiles.get(TableLoaderCommand.FW_CFG_FILE);
        if (script == null) {
            throw new IllegalArgumentException("no fw_cfg file " + TableLoaderCommand.FW_CFG_FILE);
        }
        Map<String, Long> placed = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (TableLoaderCommand c : TableLoaderCommand.decode(script)) {
            if (c instanceof TableLoaderCommand.Allocate a) {
                byte[] bytes = fwCfgFiles.get(a.file());
                if (bytes == null) {
                    throw new IllegalArgumentException(c + ": no fw_cfg file " + a.file());
                }
                long gpa = memory.allocate(bytes.length, a.align(), a.zone());
                checkPlacement(a, gpa, bytes.length);
                memory.write(gpa, bytes);
                placed.put(a.file(), gpa);
                sizes.put(a.file(), bytes.length);
            } else if (c instanceof TableLoaderCommand.AddPointer p) {
                long field = placed(placed, sizes, c, p.destFile(), p.offset(), p.size()) + p.offset();
                long value = littleEndian(memory.read(field, p.size())) + placed(placed, sizes, c, p.srcFile(), 0, 0);
                if (p.size() < 8 && value >>> (8 * p.size()) != 0) {
                    throw new IllegalStateException(c + ": address 0x" + Long.toHexString(value)
                            + " does not fit in " + p.size() + " bytes");
                }
                memory.write(field, toLittleEndian(value, p.size()));
            } else if (c instanceof TableLoaderCommand.AddChecksum k) {
                long base = placed(placed, sizes, c, k.file(), k.start(), k.length());
                placed(placed, sizes, c, k.file(), k.offset(), 1);
                int sum = AcpiTableHeader.sum(memory.read(base + k.start(), (int) k.length()), 0, (int) k.length());
                byte old = memory.read(base + k.offset(), 1)[0];
                memory.write(base + k.offset(), new byte[] {(byte) (old - sum)});
            }
        }
        return Collections.unmodifiableMap(placed);
    }

    /** Where an allocated file went, after checking {@code [offset, offset + length)} lies inside it. */
    private static long placed(Map<String, Long> placed, Map<String, Integer> sizes, TableLoaderCommand c, String file,
            long offset, long length) {
        Long at = placed.get(file);
        if (at == null) {
            throw new IllegalArgumentException(c + ": " + file + " is not allocated before this command");
        }
        if (offset + length > sizes.get(file)) {
            throw new IllegalArgumentException(c + ": bytes [" + offset + ", " + (offset + length)
                    + ") lie outside the " + sizes.get(file) + "-byte file " + file);
        }
        return at;
    }

    private static void checkPlacement(TableLoaderCommand.Allocate a, long gpa, int size) {
        if (gpa % a.align() != 0) {
            throw new IllegalStateException(a + ": memory returned misaligned 0x" + Long.toHexString(gpa));
        }
        boolean inZone = a.zone() == AllocZone.FSEG
                ? gpa >= FirmwareAllocator.FSEG_START && gpa + size <= FirmwareAllocator.FSEG_END
                : gpa >= 0 && gpa + size <= FirmwareAllocator.FOUR_GIB;
        if (!inZone) {
            throw new IllegalStateException(a + ": memory returned 0x" + Long.toHexString(gpa) + ", outside the zone");
        }
    }

    private static long littleEndian(byte[] bytes) {
        long v = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            v = v << 8 | (bytes[i] & 0xFF);
        }
        return v;
    }

    private static byte[] toLittleEndian(long value, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }
}
