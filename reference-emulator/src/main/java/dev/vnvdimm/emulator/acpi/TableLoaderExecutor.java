package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.TableLoaderCommand;
import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs linker/loader commands the way guest firmware (SeaBIOS {@code romfile_loader}, OVMF's
 * {@code AcpiPlatformDxe}) does, against a {@link FirmwareMemory}: ALLOCATE copies a blob to a newly
 * allocated place, ADD_POINTER adds one blob's address to a field of another in place, ADD_CHECKSUM fixes a
 * checksum byte in place. Afterwards the RSDP in the F-segment leads to every table.
 */
public final class TableLoaderExecutor {

    private TableLoaderExecutor() {
    }

    /**
     * Runs every command in order.
     *
     * @return where each allocated blob was placed, by name, in allocation order
     * @throws IllegalStateException when the memory returns a misaligned or out-of-zone address, or a patched
     *         pointer no longer fits its field (firmware would silently truncate it)
     */
    public static Map<String, Long> run(TableBlobs blobs, FirmwareMemory memory) {
        Map<String, Long> placed = new LinkedHashMap<>();
        for (TableLoaderCommand c : blobs.commands()) {
            if (c instanceof TableLoaderCommand.Allocate a) {
                byte[] bytes = blobs.file(a.file());
                long gpa = memory.allocate(bytes.length, a.align(), a.zone());
                checkPlacement(a, gpa, bytes.length);
                memory.write(gpa, bytes);
                placed.put(a.file(), gpa);
            } else if (c instanceof TableLoaderCommand.AddPointer p) {
                long field = placed.get(p.destFile()) + p.offset();
                long value = littleEndian(memory.read(field, p.size())) + placed.get(p.srcFile());
                if (p.size() < 8 && value >>> (8 * p.size()) != 0) {
                    throw new IllegalStateException(c + ": address 0x" + Long.toHexString(value)
                            + " does not fit in " + p.size() + " bytes");
                }
                memory.write(field, toLittleEndian(value, p.size()));
            } else if (c instanceof TableLoaderCommand.AddChecksum k) {
                long base = placed.get(k.file());
                int sum = AcpiTableHeader.sum(memory.read(base + k.start(), (int) k.length()), 0, (int) k.length());
                byte old = memory.read(base + k.offset(), 1)[0];
                memory.write(base + k.offset(), new byte[] {(byte) (old - sum)});
            }
        }
        return Collections.unmodifiableMap(placed);
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
