package dev.vnvdimm.abi.acpi;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static dev.vnvdimm.abi.acpi.SystemDescriptionTablesTest.DSDT_AT;
import static dev.vnvdimm.abi.acpi.SystemDescriptionTablesTest.FACS_AT;
import static dev.vnvdimm.abi.acpi.SystemDescriptionTablesTest.FADT_AT;
import static dev.vnvdimm.abi.acpi.SystemDescriptionTablesTest.NFIT_AT;
import static dev.vnvdimm.abi.acpi.SystemDescriptionTablesTest.RSDT_AT;
import static dev.vnvdimm.abi.acpi.SystemDescriptionTablesTest.SSDT_AT;
import static dev.vnvdimm.abi.acpi.SystemDescriptionTablesTest.XSDT_AT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walker (ACPI 6.4 §5.2.5: RSDP in the BIOS area, then XSDT, FADT, DSDT, FACS) over guest memory holding
 * the iasl vectors and QEMU 7.2's own DSDT, SSDT and NFIT, at the addresses the vectors point to.
 */
class AcpiTableWalkerTest {
    /** 16-byte aligned, inside 0xE0000-0xFFFFF, where SeaBIOS puts it. */
    private static final long RSDP_AT = 0xF5A40L;

    /** Memory as address → bytes placed there; unplaced bytes read as 0. */
    private static final class Memory implements PhysicalMemoryReader {
        final Map<Long, byte[]> placed = new TreeMap<>();

        @Override
        public byte[] read(long address, int length) {
            byte[] out = new byte[length];
            placed.forEach((at, bytes) -> {
                long from = Math.max(at, address);
                long to = Math.min(at + bytes.length, address + length);
                if (from < to) {
                    System.arraycopy(bytes, (int) (from - at), out, (int) (from - address), (int) (to - from));
                }
            });
            return out;
        }
    }

    private static Memory machine() {
        Memory m = new Memory();
        m.placed.put(RSDP_AT, Vectors.bytes("rsdp.aml"));
        m.placed.put(RSDT_AT, Vectors.bytes("rsdt.aml"));
        m.placed.put(XSDT_AT, Vectors.bytes("xsdt.aml"));
        m.placed.put(FADT_AT, Vectors.bytes("facp-rev1.aml"));
        m.placed.put(FACS_AT, Vectors.bytes("facs.aml"));
        m.placed.put(DSDT_AT, Vectors.qemuDimmpxm("pc", "DSDT"));
        m.placed.put(SSDT_AT, Vectors.qemuDimmpxm("pc", "SSDT"));
        m.placed.put(NFIT_AT, Vectors.qemuDimmpxm("pc", "NFIT"));
        return m;
    }

    @Test
    void findsEveryTableTheWayAnOsDoes() {
        Memory m = machine();

        AcpiTableWalker.Walk walk = new AcpiTableWalker(m).walk();

        assertThat(walk.rsdpAddress()).isEqualTo(RSDP_AT);
        assertThat(walk.rsdp()).isEqualTo(new Rsdp("BOCHS ", RSDT_AT, XSDT_AT));
        assertThat(walk.tables()).extracting(AcpiTableWalker.FoundTable::signature)
                .containsExactly("RSDT", "XSDT", "FACP", "DSDT", "FACS", "SSDT", "NFIT");
        assertThat(walk.tables()).extracting(AcpiTableWalker.FoundTable::address)
                .containsExactly(RSDT_AT, XSDT_AT, FADT_AT, DSDT_AT, FACS_AT, SSDT_AT, NFIT_AT);
        for (AcpiTableWalker.FoundTable t : walk.tables()) {
            assertThat(t.bytes()).as(t.signature()).isEqualTo(m.placed.get(t.address()));
            assertThat(t.checksumValid()).as(t.signature()).isTrue();
        }
        assertThat(walk.problems()).isEmpty();
    }

    @Test
    void namesTheTableWhoseChecksumFails() {
        Memory m = machine();
        byte[] nfit = Vectors.qemuDimmpxm("pc", "NFIT");
        nfit[Nfit.STRUCTURES + Nfit.SpaRange.PROXIMITY_DOMAIN] ^= 1;
        m.placed.put(NFIT_AT, nfit);

        AcpiTableWalker.Walk walk = new AcpiTableWalker(m).walk();

        assertThat(walk.table("NFIT")).hasValueSatisfying(t -> assertThat(t.checksumValid()).isFalse());
        assertThat(walk.problems()).containsExactly(String.format("NFIT at 0x%x: checksum does not sum to zero", NFIT_AT));
    }

    @Test
    void skipsAnRsdpWhoseChecksumFails() {
        Memory m = machine();
        byte[] bad = Vectors.bytes("rsdp.aml");
        bad[Rsdp.OEM_ID] ^= 1;
        m.placed.put(RSDP_AT - Rsdp.ALIGNMENT, bad);

        assertThat(new AcpiTableWalker(m).findRsdp()).contains(RSDP_AT);
    }

    /**
     * QEMU 7.2's x86 machines ask SeaBIOS for an ACPI 1.0 RSDP: revision 0, 20 bytes, one checksum, no XSDT; the
     * walk goes through the RSDT.
     */
    @Test
    void followsTheRsdtFromAnAcpi1Rsdp() {
        Memory m = machine();
        byte[] rsdp = java.util.Arrays.copyOf(Vectors.bytes("rsdp.aml"), Rsdp.V1_SIZE);
        rsdp[Rsdp.REVISION] = 0;
        AcpiTableHeader.fixChecksum(rsdp, Rsdp.CHECKSUM, 0, Rsdp.V1_SIZE);
        m.placed.put(RSDP_AT, rsdp);

        AcpiTableWalker.Walk walk = new AcpiTableWalker(m).walk();

        assertThat(walk.rsdp()).isEqualTo(new Rsdp("BOCHS ", RSDT_AT, 0));
        assertThat(walk.tables()).extracting(AcpiTableWalker.FoundTable::signature)
                .containsExactly("RSDT", "FACP", "DSDT", "FACS", "SSDT", "NFIT");
        assertThat(walk.problems()).isEmpty();
    }
}
