package dev.vnvdimm.emulator.acpi;

import java.nio.charset.StandardCharsets;

/**
 * One command of the BIOS linker/loader script QEMU publishes as fw_cfg file {@code etc/table-loader}
 * (hw/acpi/bios-linker-loader.c). Firmware runs the commands in order: it copies fw_cfg files into guest
 * memory, turns offsets inside them into guest-physical addresses, and fixes checksums. This is how QEMU
 * builds ACPI tables that point at each other without knowing where they will land.
 */
public sealed interface LoaderCommand {

    /**
     * Longest file name: fw_cfg names are 56 bytes ({@code FW_CFG_MAX_FILE_PATH}) and QEMU always keeps a
     * terminating NUL.
     */
    int MAX_FILE_NAME = 55;

    /**
     * ALLOCATE: copy fw_cfg file {@code file} into memory from {@code zone} at a multiple of {@code align}
     * (a power of two). Comes once per file, before any command that uses the file.
     */
    record Allocate(String file, long align, AllocZone zone) implements LoaderCommand {
        public Allocate {
            checkFileName(file);
            if (align <= 0 || align > 0xFFFF_FFFFL || (align & (align - 1)) != 0) {
                throw new IllegalArgumentException("ALLOCATE alignment must be a 32-bit power of two: " + align);
            }
        }
    }

    /**
     * ADD_POINTER: in the copy of {@code destFile}, add the address where {@code srcFile} was placed to the
     * {@code size}-byte little-endian value at {@code offset}. The value there beforehand is an offset into
     * {@code srcFile}, so the result points at that offset in guest memory.
     */
    record AddPointer(String destFile, String srcFile, long offset, int size) implements LoaderCommand {
        public AddPointer {
            checkFileName(destFile);
            checkFileName(srcFile);
            checkU32("ADD_POINTER offset", offset);
            if (size != 1 && size != 2 && size != 4 && size != 8) {
                throw new IllegalArgumentException("ADD_POINTER size must be 1, 2, 4 or 8: " + size);
            }
        }
    }

    /**
     * ADD_CHECKSUM: subtract the byte sum of {@code [start, start + length)} of {@code file} from the byte at
     * {@code offset}. With that byte inside the range the range then sums to zero, whatever the byte held
     * before — which is why it must run after every ADD_POINTER into the range.
     */
    record AddChecksum(String file, long offset, long start, long length) implements LoaderCommand {
        public AddChecksum {
            checkFileName(file);
            checkU32("ADD_CHECKSUM offset", offset);
            checkU32("ADD_CHECKSUM start", start);
            checkU32("ADD_CHECKSUM length", length);
        }
    }

    private static void checkFileName(String name) {
        if (name.isEmpty() || name.length() > MAX_FILE_NAME
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(name) || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("fw_cfg file name must be 1 to " + MAX_FILE_NAME
                    + " ASCII characters without NUL: '" + name + "'");
        }
    }

    private static void checkU32(String what, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " must fit in 32 bits: " + value);
        }
    }
}
