package dev.vnvdimm.abi.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One command of the BIOS linker/loader script QEMU publishes as fw_cfg file {@code etc/table-loader}
 * (hw/acpi/bios-linker-loader.c), and the script's byte layout: 128-byte entries, each a little-endian u32 command
 * followed by a union whose fields depend on the command ({@code BiosLinkerLoaderEntry}); file names are 56-byte,
 * NUL-padded fields and unused bytes are zero. Firmware runs the commands in order: it copies fw_cfg files into
 * guest memory, turns offsets inside them into guest-physical addresses, and fixes checksums. This is how QEMU
 * builds ACPI tables that point at each other without knowing where they will land. The hypervisor encodes the
 * script and the firmware decodes it, both with this one layout.
 */
public sealed interface TableLoaderCommand {

    /** The fw_cfg file holding the encoded commands. */
    String FW_CFG_FILE = "etc/table-loader";

    int ENTRY_SIZE = 128;
    /** Offset of every entry's u32 command code. */
    int COMMAND = 0;
    /** fw_cfg names are 56 bytes ({@code FW_CFG_MAX_FILE_PATH}). */
    int FILE_NAME_SIZE = 56;
    /** Longest file name: QEMU always keeps a terminating NUL. */
    int MAX_FILE_NAME = FILE_NAME_SIZE - 1;

    int COMMAND_ALLOCATE = 1;
    int COMMAND_ADD_POINTER = 2;
    int COMMAND_ADD_CHECKSUM = 3;
    /**
     * WRITE_POINTER writes an allocated file's address back into a writable fw_cfg file (QEMU uses it for vmgenid
     * and GHES, never for NVDIMM tables); this model has no writable fw_cfg, so {@link #decode} rejects it.
     */
    int COMMAND_WRITE_POINTER = 4;

    /**
     * Where the firmware must place a file it allocates (QEMU's {@code BIOSLinkerLoaderAllocZone}): the zone byte
     * of an ALLOCATE entry.
     */
    enum AllocZone {
        /** 32-bit memory: the firmware's normal allocator, at the top of RAM below 4 GiB. */
        HIGH(1),
        /** The F-segment, 0xE0000–0xFFFFF, where a legacy OS scans for the RSDP. */
        FSEG(2);

        private final int code;

        AllocZone(int code) {
            this.code = code;
        }

        /** The zone byte of an ALLOCATE command. */
        public int code() {
            return code;
        }

        /** The zone for an ALLOCATE command's zone byte. */
        public static AllocZone ofCode(int code) {
            for (AllocZone z : values()) {
                if (z.code == code) {
                    return z;
                }
            }
            throw new IllegalArgumentException("no allocation zone " + code + " (1 = HIGH, 2 = FSEG)");
        }
    }

    /**
     * ALLOCATE: copy fw_cfg file {@code file} into memory from {@code zone} at a multiple of {@code align}
     * (a power of two). Comes once per file, before any command that uses the file. Entry: file name, u32
     * alignment, u8 zone.
     */
    record Allocate(String file, long align, AllocZone zone) implements TableLoaderCommand {
        public static final int FILE = 4;
        public static final int ALIGN = FILE + FILE_NAME_SIZE;
        public static final int ZONE = ALIGN + 4;

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
     * {@code srcFile}, so the result points at that offset in guest memory. Entry: destination and source file
     * names, u32 offset in the destination, u8 size.
     */
    record AddPointer(String destFile, String srcFile, long offset, int size) implements TableLoaderCommand {
        public static final int DEST_FILE = 4;
        public static final int SRC_FILE = DEST_FILE + FILE_NAME_SIZE;
        public static final int OFFSET = SRC_FILE + FILE_NAME_SIZE;
        public static final int SIZE = OFFSET + 4;

        public AddPointer {
            checkFileName(destFile);
            checkFileName(srcFile);
            checkU32("ADD_POINTER offset", offset);
            if (!isPointerSize(size)) {
                throw new IllegalArgumentException("ADD_POINTER size must be 1, 2, 4 or 8: " + size);
            }
        }
    }

    /**
     * ADD_CHECKSUM: subtract the byte sum of {@code [start, start + length)} of {@code file} from the byte at
     * {@code offset}. With that byte inside the range the range then sums to zero, whatever the byte held
     * before — which is why it must run after every ADD_POINTER into the range. Entry: file name, u32 checksum
     * offset, u32 start and u32 length of the summed range.
     */
    record AddChecksum(String file, long offset, long start, long length) implements TableLoaderCommand {
        public static final int FILE = 4;
        public static final int OFFSET = FILE + FILE_NAME_SIZE;
        public static final int START = OFFSET + 4;
        public static final int LENGTH = START + 4;

        public AddChecksum {
            checkFileName(file);
            checkU32("ADD_CHECKSUM offset", offset);
            checkU32("ADD_CHECKSUM start", start);
            checkU32("ADD_CHECKSUM length", length);
        }
    }

    /** The commands as QEMU writes them, one 128-byte entry each. */
    static byte[] encode(List<? extends TableLoaderCommand> commands) {
        byte[] out = new byte[ENTRY_SIZE * commands.size()];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        for (TableLoaderCommand c : commands) {
            if (c instanceof Allocate a) {
                b.putInt(at + COMMAND, COMMAND_ALLOCATE);
                putName(out, at + Allocate.FILE, a.file());
                b.putInt(at + Allocate.ALIGN, (int) a.align());
                out[at + Allocate.ZONE] = (byte) a.zone().code();
            } else if (c instanceof AddPointer p) {
                b.putInt(at + COMMAND, COMMAND_ADD_POINTER);
                putName(out, at + AddPointer.DEST_FILE, p.destFile());
                putName(out, at + AddPointer.SRC_FILE, p.srcFile());
                b.putInt(at + AddPointer.OFFSET, (int) p.offset());
                out[at + AddPointer.SIZE] = (byte) p.size();
            } else if (c instanceof AddChecksum k) {
                b.putInt(at + COMMAND, COMMAND_ADD_CHECKSUM);
                putName(out, at + AddChecksum.FILE, k.file());
                b.putInt(at + AddChecksum.OFFSET, (int) k.offset());
                b.putInt(at + AddChecksum.START, (int) k.start());
                b.putInt(at + AddChecksum.LENGTH, (int) k.length());
            }
            at += ENTRY_SIZE;
        }
        return out;
    }

    /**
     * Reads the commands back.
     *
     * @throws AcpiTableFormatException naming the byte offset of a partial entry, an unknown command
     *         (including {@link #COMMAND_WRITE_POINTER}), a file name without its NUL, or a field value no
     *         firmware accepts
     */
    static List<TableLoaderCommand> decode(byte[] bytes) {
        if (bytes.length % ENTRY_SIZE != 0) {
            throw new AcpiTableFormatException(FW_CFG_FILE, bytes.length - bytes.length % ENTRY_SIZE,
                    "partial entry of " + bytes.length % ENTRY_SIZE + " bytes; entries are " + ENTRY_SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<TableLoaderCommand> out = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += ENTRY_SIZE) {
            int command = b.getInt(at + COMMAND);
            switch (command) {
                case COMMAND_ALLOCATE -> {
                    String file = name(bytes, at + Allocate.FILE);
                    long align = Integer.toUnsignedLong(b.getInt(at + Allocate.ALIGN));
                    if (align == 0 || (align & (align - 1)) != 0) {
                        throw new AcpiTableFormatException(FW_CFG_FILE, at + Allocate.ALIGN,
                                "alignment " + align + " is not a power of two");
                    }
                    int zone = bytes[at + Allocate.ZONE] & 0xFF;
                    if (zone != AllocZone.HIGH.code() && zone != AllocZone.FSEG.code()) {
                        throw new AcpiTableFormatException(FW_CFG_FILE, at + Allocate.ZONE,
                                "zone " + zone + " is neither HIGH (1) nor FSEG (2)");
                    }
                    out.add(new Allocate(file, align, AllocZone.ofCode(zone)));
                }
                case COMMAND_ADD_POINTER -> {
                    int size = bytes[at + AddPointer.SIZE] & 0xFF;
                    if (!isPointerSize(size)) {
                        throw new AcpiTableFormatException(FW_CFG_FILE, at + AddPointer.SIZE,
                                "pointer size " + size + " is not 1, 2, 4 or 8");
                    }
                    out.add(new AddPointer(name(bytes, at + AddPointer.DEST_FILE), name(bytes, at + AddPointer.SRC_FILE),
                            Integer.toUnsignedLong(b.getInt(at + AddPointer.OFFSET)), size));
                }
                case COMMAND_ADD_CHECKSUM -> out.add(new AddChecksum(name(bytes, at + AddChecksum.FILE),
                        Integer.toUnsignedLong(b.getInt(at + AddChecksum.OFFSET)),
                        Integer.toUnsignedLong(b.getInt(at + AddChecksum.START)),
                        Integer.toUnsignedLong(b.getInt(at + AddChecksum.LENGTH))));
                default -> throw new AcpiTableFormatException(FW_CFG_FILE, at + COMMAND,
                        "unknown command " + Integer.toUnsignedString(command));
            }
        }
        return out;
    }

    private static boolean isPointerSize(int size) {
        return size == 1 || size == 2 || size == 4 || size == 8;
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

    private static void putName(byte[] out, int at, String name) {
        byte[] chars = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chars, 0, out, at, chars.length);
    }

    private static String name(byte[] bytes, int at) {
        int end = at;
        while (end < at + FILE_NAME_SIZE && bytes[end] != 0) {
            end++;
        }
        if (end == at + FILE_NAME_SIZE) {
            throw new AcpiTableFormatException(FW_CFG_FILE, at, "file name fills all " + FILE_NAME_SIZE + " bytes without a NUL");
        }
        if (end == at) {
            throw new AcpiTableFormatException(FW_CFG_FILE, at, "empty file name");
        }
        for (int i = at; i < end; i++) {
            if (bytes[i] < 0x20) {
                throw new AcpiTableFormatException(FW_CFG_FILE, i, "byte outside printable ASCII in file name");
            }
        }
        return new String(bytes, at, end - at, StandardCharsets.US_ASCII);
    }
}
