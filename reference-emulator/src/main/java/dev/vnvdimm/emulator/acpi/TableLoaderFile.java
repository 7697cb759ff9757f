package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of fw_cfg file {@code etc/table-loader}: a sequence of 128-byte entries, each a
 * little-endian u32 command followed by a 124-byte union whose layout depends on the command
 * (QEMU hw/acpi/bios-linker-loader.c {@code BiosLinkerLoaderEntry}). File names are 56-byte,
 * NUL-padded fields. Unused bytes are zero.
 */
public final class TableLoaderFile {

    public static final int ENTRY_SIZE = 128;
    public static final int COMMAND = 0;
    public static final int FILE_NAME_SIZE = 56;

    public static final int COMMAND_ALLOCATE = 1;
    public static final int COMMAND_ADD_POINTER = 2;
    public static final int COMMAND_ADD_CHECKSUM = 3;

    /** ALLOCATE entry: file name, u32 alignment, u8 zone. */
    public static final class Allocate {
        public static final int FILE = 4;
        public static final int ALIGN = FILE + FILE_NAME_SIZE;
        public static final int ZONE = ALIGN + 4;

        private Allocate() {
        }
    }

    /** ADD_POINTER entry: destination and source file names, u32 offset in the destination, u8 size. */
    public static final class AddPointer {
        public static final int DEST_FILE = 4;
        public static final int SRC_FILE = DEST_FILE + FILE_NAME_SIZE;
        public static final int OFFSET = SRC_FILE + FILE_NAME_SIZE;
        public static final int SIZE = OFFSET + 4;

        private AddPointer() {
        }
    }

    /** ADD_CHECKSUM entry: file name, u32 checksum offset, u32 start and u32 length of the summed range. */
    public static final class AddChecksum {
        public static final int FILE = 4;
        public static final int OFFSET = FILE + FILE_NAME_SIZE;
        public static final int START = OFFSET + 4;
        public static final int LENGTH = START + 4;

        private AddChecksum() {
        }
    }

    private static final String NAME = "etc/table-loader";

    private TableLoaderFile() {
    }

    /** The commands as QEMU writes them, one 128-byte entry each. */
    public static byte[] encode(List<? extends LoaderCommand> commands) {
        byte[] out = new byte[ENTRY_SIZE * commands.size()];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        for (LoaderCommand c : commands) {
            if (c instanceof LoaderCommand.Allocate a) {
                b.putInt(at + COMMAND, COMMAND_ALLOCATE);
                putName(out, at + Allocate.FILE, a.file());
                b.putInt(at + Allocate.ALIGN, (int) a.align());
                out[at + Allocate.ZONE] = (byte) a.zone().code();
            } else if (c instanceof LoaderCommand.AddPointer p) {
                b.putInt(at + COMMAND, COMMAND_ADD_POINTER);
                putName(out, at + AddPointer.DEST_FILE, p.destFile());
                putName(out, at + AddPointer.SRC_FILE, p.srcFile());
                b.putInt(at + AddPointer.OFFSET, (int) p.offset());
                out[at + AddPointer.SIZE] = (byte) p.size();
            } else if (c instanceof LoaderCommand.AddChecksum k) {
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
     *         (including QEMU's WRITE_POINTER, 4, which writes back to fw_cfg and is outside this model),
     *         a file name without its NUL, or a field value no firmware accepts
     */
    public static List<LoaderCommand> decode(byte[] bytes) {
        if (bytes.length % ENTRY_SIZE != 0) {
            throw new AcpiTableFormatException(NAME, bytes.length - bytes.length % ENTRY_SIZE,
                    "partial entry of " + bytes.length % ENTRY_SIZE + " bytes; entries are " + ENTRY_SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<LoaderCommand> out = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += ENTRY_SIZE) {
            int command = b.getInt(at + COMMAND);
            switch (command) {
                case COMMAND_ALLOCATE -> {
                    String file = name(bytes, at + Allocate.FILE);
                    long align = Integer.toUnsignedLong(b.getInt(at + Allocate.ALIGN));
                    if (align == 0 || (align & (align - 1)) != 0) {
                        throw new AcpiTableFormatException(NAME, at + Allocate.ALIGN, "alignment " + align + " is not a power of two");
                    }
                    int zone = bytes[at + Allocate.ZONE] & 0xFF;
                    if (zone != AllocZone.HIGH.code() && zone != AllocZone.FSEG.code()) {
                        throw new AcpiTableFormatException(NAME, at + Allocate.ZONE, "zone " + zone + " is neither HIGH (1) nor FSEG (2)");
                    }
                    out.add(new LoaderCommand.Allocate(file, align, AllocZone.ofCode(zone)));
                }
                case COMMAND_ADD_POINTER -> {
                    int size = bytes[at + AddPointer.SIZE] & 0xFF;
                    if (size != 1 && size != 2 && size != 4 && size != 8) {
                        throw new AcpiTableFormatException(NAME, at + AddPointer.SIZE, "pointer size " + size + " is not 1, 2, 4 or 8");
                    }
                    out.add(new LoaderCommand.AddPointer(name(bytes, at + AddPointer.DEST_FILE),
                            name(bytes, at + AddPointer.SRC_FILE),
                            Integer.toUnsignedLong(b.getInt(at + AddPointer.OFFSET)), size));
                }
                case COMMAND_ADD_CHECKSUM -> out.add(new LoaderCommand.AddChecksum(name(bytes, at + AddChecksum.FILE),
                        Integer.toUnsignedLong(b.getInt(at + AddChecksum.OFFSET)),
                        Integer.toUnsignedLong(b.getInt(at + AddChecksum.START)),
                        Integer.toUnsignedLong(b.getInt(at + AddChecksum.LENGTH))));
                default -> throw new AcpiTableFormatException(NAME, at + COMMAND,
                        "unknown command " + Integer.toUnsignedString(command));
            }
        }
        return out;
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
            throw new AcpiTableFormatException(NAME, at, "file name fills all " + FILE_NAME_SIZE + " bytes without a NUL");
        }
        if (end == at) {
            throw new AcpiTableFormatException(NAME, at, "empty file name");
        }
        for (int i = at; i < end; i++) {
            if (bytes[i] < 0x20) {
                throw new AcpiTableFormatException(NAME, i, "byte outside printable ASCII in file name");
            }
        }
        return new String(bytes, at, end - at, StandardCharsets.US_ASCII);
    }
}
