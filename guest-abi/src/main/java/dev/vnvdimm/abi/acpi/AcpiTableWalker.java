package dev.vnvdimm.abi.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the ACPI tables in guest memory the way an OS does (ACPI 6.4 §5.2.5): scan the BIOS read-only area
 * 0xE0000–0xFFFFF on 16-byte boundaries for an RSDP whose checksums hold, follow the XSDT (or the RSDT when
 * there is none), and from the FADT the DSDT and FACS. Tables whose checksum fails are still returned, marked,
 * so a report can say which one is broken rather than that nothing was found.
 */
public final class AcpiTableWalker {
    public static final long BIOS_AREA_START = 0xE0000;
    public static final long BIOS_AREA_END = 0x100000;
    /** Refuse absurd lengths read from a corrupt header instead of reading gigabytes. */
    public static final int MAX_TABLE_LENGTH = 16 << 20;

    /** One table as found in memory. FACS has no checksum and is always marked valid. */
    public record FoundTable(String signature, long address, byte[] bytes, boolean checksumValid) {
    }

    /** What the walk found, in the order an OS meets the tables. */
    public record Walk(long rsdpAddress, Rsdp rsdp, List<FoundTable> tables, List<String> problems) {
        public Optional<FoundTable> table(String signature) {
            return tables.stream().filter(t -> t.signature().equals(signature)).findFirst();
        }

        public List<FoundTable> all(String signature) {
            return tables.stream().filter(t -> t.signature().equals(signature)).toList();
        }
    }

    private final PhysicalMemoryReader memory;

    public AcpiTableWalker(PhysicalMemoryReader memory) {
        this.memory = memory;
    }

    /** The address of the first valid RSDP in the BIOS area, if any. */
    public Optional<Long> findRsdp() {
        byte[] area = memory.read(BIOS_AREA_START, (int) (BIOS_AREA_END - BIOS_AREA_START));
        byte[] sig = Rsdp.SIGNATURE.getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off + Rsdp.SIZE <= area.length; off += Rsdp.ALIGNMENT) {
            if (!startsWith(area, off, sig)) {
                continue;
            }
            if (AcpiTableHeader.sum(area, off, Rsdp.V1_SIZE) != 0) {
                continue;
            }
            int revision = area[off + Rsdp.REVISION] & 0xFF;
            if (revision >= Rsdp.ACPI_2_REVISION && AcpiTableHeader.sum(area, off, Rsdp.SIZE) != 0) {
                continue;
            }
            return Optional.of(BIOS_AREA_START + off);
        }
        return Optional.empty();
    }

    /** Walks every table; fails only when there is no RSDP at all. */
    public Walk walk() {
        long rsdpAt = findRsdp().orElseThrow(() -> new AcpiTableFormatException("RSDP", 0,
                "no RSDP with a valid checksum in 0xE0000-0xFFFFF"));
        Rsdp rsdp = Rsdp.parse(memory.read(rsdpAt, Rsdp.SIZE));
        List<FoundTable> tables = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Long> entries;
        if (rsdp.xsdtAddress() != 0) {
            FoundTable xsdt = table(rsdp.xsdtAddress(), problems);
            tables.add(xsdt);
            entries = SystemDescriptionTable.XSDT.entries(xsdt.bytes());
        } else {
            FoundTable rsdt = table(rsdp.rsdtAddress(), problems);
            tables.add(rsdt);
            entries = SystemDescriptionTable.RSDT.entries(rsdt.bytes());
        }
        if (rsdp.rsdtAddress() != 0 && rsdp.xsdtAddress() != 0) {
            tables.add(0, table(rsdp.rsdtAddress(), problems));
        }
        for (long address : entries) {
            FoundTable t = table(address, problems);
            tables.add(t);
            if (t.signature().equals(Fadt.SIGNATURE)) {
                ByteBuffer fadt = ByteBuffer.wrap(t.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                long facs = Integer.toUnsignedLong(fadt.getInt(Fadt.FIRMWARE_CTRL));
                long dsdt = Integer.toUnsignedLong(fadt.getInt(Fadt.DSDT));
                if (dsdt != 0) {
                    tables.add(table(dsdt, problems));
                }
                if (facs != 0) {
                    byte[] head = memory.read(facs, 8);
                    int len = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
                    tables.add(new FoundTable(Facs.SIGNATURE, facs, memory.read(facs, len), true));
                }
            }
        }
        return new Walk(rsdpAt, rsdp, List.copyOf(tables), List.copyOf(problems));
    }

    private FoundTable table(long address, List<String> problems) {
        byte[] head = memory.read(address, AcpiTableHeader.SIZE);
        String sig = new String(head, AcpiTableHeader.SIGNATURE, 4, StandardCharsets.US_ASCII);
        int length = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(AcpiTableHeader.LENGTH);
        if (length < AcpiTableHeader.SIZE || length > MAX_TABLE_LENGTH) {
            throw new AcpiTableFormatException(sig, AcpiTableHeader.LENGTH,
                    String.format("table at 0x%x has impossible length %d", address, length));
        }
        byte[] bytes = memory.read(address, length);
        boolean valid = AcpiTableHeader.sum(bytes, 0, length) == 0;
        if (!valid) {
            problems.add(String.format("%s at 0x%x: checksum does not sum to zero", sig, address));
        }
        return new FoundTable(sig, address, bytes, valid);
    }

    private static boolean startsWith(byte[] a, int off, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (a[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
