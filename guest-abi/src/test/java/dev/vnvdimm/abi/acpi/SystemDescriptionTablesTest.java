package dev.vnvdimm.abi.acpi;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RSDP (ACPI 6.4 §5.2.5.3), RSDT (§5.2.7), XSDT (§5.2.8), FADT (§5.2.9), FACS (§5.2.10) and the standard header
 * (§5.2.6) against tables iasl compiled from data-table sources
 * ({@code vectors/*.asl}): parsing them gives the values the sources state, and building the same content gives
 * iasl's bytes, checksums included. iasl stamps its own Asl Compiler ID and Revision into a header, so a built
 * table is compared after sealing it under the header read from iasl's table.
 */
class SystemDescriptionTablesTest {
    /** Where the vectors say the tables are (vectors/README.md). */
    static final long FACS_AT = 0xBFFE0000L;
    static final long DSDT_AT = 0xBFFE0040L;
    static final long FADT_AT = 0xBFFE2000L;
    static final long SSDT_AT = 0xBFFE2100L;
    static final long NFIT_AT = 0xBFFE2900L;
    static final long RSDT_AT = 0xBFFE3000L;
    static final long XSDT_AT = 0xBFFE3100L;
    /** The addresses rsdt.asl and xsdt.asl list: FADT, SSDT, NFIT. */
    static final List<Long> ENTRIES = List.of(FADT_AT, SSDT_AT, NFIT_AT);

    @Test
    void rsdpParsesFromIaslBytes() {
        byte[] iasl = Vectors.bytes("rsdp.aml");

        Rsdp rsdp = Rsdp.parse(iasl);

        assertThat(rsdp).isEqualTo(new Rsdp("BOCHS ", RSDT_AT, XSDT_AT));
        assertThat(iasl[Rsdp.REVISION]).isEqualTo((byte) Rsdp.ACPI_2_REVISION);
        assertThat(le(iasl).getInt(Rsdp.LENGTH)).isEqualTo(Rsdp.SIZE);
        assertThat(iasl).hasSize(Rsdp.SIZE);
    }

    @Test
    void rsdpBuildsIaslBytesWithBothChecksums() {
        assertThat(Rsdp.qemu(RSDT_AT, XSDT_AT).bytes()).isEqualTo(Vectors.bytes("rsdp.aml"));
    }

    @Test
    void headerParsesFromIaslBytes() {
        AcpiTableHeader header = AcpiTableHeader.parse(Vectors.bytes("rsdt.aml"));

        // iasl keeps the OEM fields of the source and writes its own creator ("INTL", its version)
        assertThat(header).isEqualTo(new AcpiTableHeader("RSDT", 1, "BOCHS ", "BXPC    ", 1, "INTL", 0x20200925L));
    }

    @Test
    void sealWritesEveryHeaderFieldAndTheChecksumAsIaslDoes() {
        byte[] iasl = Vectors.bytes("xsdt.aml");
        byte[] body = iasl.clone();
        Arrays.fill(body, 0, AcpiTableHeader.SIZE, (byte) 0);

        assertThat(AcpiTableHeader.parse(iasl).seal(body)).isEqualTo(iasl);
        assertThat(le(iasl).getInt(AcpiTableHeader.LENGTH)).isEqualTo(iasl.length);
        assertThat(AcpiTableHeader.sum(iasl, 0, iasl.length)).isZero();
    }

    @Test
    void rsdtEntriesParseAndBuildAsIasl() {
        byte[] iasl = Vectors.bytes("rsdt.aml");

        assertThat(SystemDescriptionTable.RSDT.entries(iasl)).isEqualTo(ENTRIES);
        assertThat(Integer.toUnsignedLong(le(iasl).getInt(SystemDescriptionTable.RSDT.entryOffset(2)))).isEqualTo(NFIT_AT);
        assertThat(underHeaderOf(iasl, SystemDescriptionTable.RSDT.build(ENTRIES))).isEqualTo(iasl);
    }

    @Test
    void xsdtEntriesParseAndBuildAsIasl() {
        byte[] iasl = Vectors.bytes("xsdt.aml");

        assertThat(SystemDescriptionTable.XSDT.entries(iasl)).isEqualTo(ENTRIES);
        assertThat(le(iasl).getLong(SystemDescriptionTable.XSDT.entryOffset(2))).isEqualTo(NFIT_AT);
        assertThat(underHeaderOf(iasl, SystemDescriptionTable.XSDT.build(ENTRIES))).isEqualTo(iasl);
    }

    @Test
    void qemuHeaderIsWhatQemuWrites() {
        AcpiTableHeader qemu = AcpiTableHeader.parse(Vectors.qemuDimmpxm("pc", "NFIT"));

        assertThat(AcpiTableHeader.qemu(Nfit.SIGNATURE, Nfit.REVISION)).isEqualTo(qemu);
    }

    @Test
    void fadtRevision1BuildsIaslBytes() {
        byte[] iasl = Vectors.bytes("facp-rev1.aml");

        byte[] built = Fadt.build(Fadt.PmRegisters.PIIX4, FACS_AT, DSDT_AT);

        assertThat(built).hasSize(Fadt.SIZE);
        assertThat(underHeaderOf(iasl, built)).isEqualTo(iasl);
    }

    @Test
    void fadtFieldsSitWhereIaslPutsThem() {
        ByteBuffer iasl = le(Vectors.bytes("facp-rev1.aml"));

        // the values facp-rev1.asl gives each named field
        assertThat(iasl.getInt(Fadt.FIRMWARE_CTRL)).isEqualTo((int) FACS_AT);
        assertThat(iasl.getInt(Fadt.DSDT)).isEqualTo((int) DSDT_AT);
        assertThat(iasl.get(Fadt.INT_MODEL)).isEqualTo((byte) 1);
        assertThat(iasl.getShort(Fadt.SCI_INT)).isEqualTo((short) 9);
        assertThat(iasl.getInt(Fadt.SMI_CMD)).isEqualTo(0xB2);
        assertThat(iasl.get(Fadt.ACPI_ENABLE)).isEqualTo((byte) 0xF1);
        assertThat(iasl.get(Fadt.ACPI_DISABLE)).isEqualTo((byte) 0xF0);
        assertThat(iasl.getInt(Fadt.PM1A_EVT_BLK)).isEqualTo(0xB000);
        assertThat(iasl.getInt(Fadt.PM1A_CNT_BLK)).isEqualTo(0xB004);
        assertThat(iasl.getInt(Fadt.PM_TMR_BLK)).isEqualTo(0xB008);
        assertThat(iasl.getInt(Fadt.GPE0_BLK)).isEqualTo(0xAFE0);
        assertThat(iasl.get(Fadt.PM1_EVT_LEN)).isEqualTo((byte) 4);
        assertThat(iasl.get(Fadt.PM1_CNT_LEN)).isEqualTo((byte) 2);
        assertThat(iasl.get(Fadt.PM_TMR_LEN)).isEqualTo((byte) 4);
        assertThat(iasl.get(Fadt.GPE0_BLK_LEN)).isEqualTo((byte) 4);
        assertThat(iasl.getShort(Fadt.P_LVL2_LAT)).isEqualTo((short) 0xFFF);
        assertThat(iasl.getShort(Fadt.P_LVL3_LAT)).isEqualTo((short) 0xFFF);
        assertThat(iasl.get(Fadt.CENTURY)).isEqualTo((byte) 0x32);
        assertThat(iasl.getInt(Fadt.FLAGS)).isEqualTo(0x1A5);
    }

    @Test
    void facsBuildsIaslBytes() {
        byte[] iasl = Vectors.bytes("facs.aml");

        assertThat(Facs.build()).isEqualTo(iasl);
        assertThat(le(iasl).getInt(Facs.LENGTH)).isEqualTo(Facs.SIZE);
        assertThat(iasl[Facs.VERSION]).isEqualTo((byte) Facs.ACPI_2_VERSION);
    }

    /** {@code built} sealed under the header of {@code iasl}'s table: differences left are in the body. */
    static byte[] underHeaderOf(byte[] iasl, byte[] built) {
        return AcpiTableHeader.parse(iasl).seal(built.clone());
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
