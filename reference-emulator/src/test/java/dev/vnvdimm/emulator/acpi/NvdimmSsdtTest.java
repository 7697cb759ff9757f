package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.acpica.Iasl;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NvdimmSsdtTest {

    private static final String GOLDEN = "/golden/qemu-7.2-dimmpxm/";
    private static final String PC_SHA256 = "446d6657e51164fb9d83a63f0de17e7035b0a5120efcb42771cf6c3df3dcc331";
    private static final String Q35_SHA256 = "81511dc3fbced013d6dcd25813e0a809201429be4421acaa10b036a4064dfb90";
    private static final long PC_MEMA = 0x07FFE000L;
    private static final long Q35_MEMA = 0x07FFF000L;

    @Test
    void threeSlotsWithPcMemaIsQemusGoldenPcSsdt() throws Exception {
        byte[] golden = resource(GOLDEN + "pc/SSDT.dimmpxm");
        assertThat(sha256(golden)).as("vendored golden file").isEqualTo(PC_SHA256);

        byte[] built = new NvdimmSsdt(3).build(PC_MEMA).bytes();

        assertThat(sha256(built)).isEqualTo(PC_SHA256);
        assertThat(built).isEqualTo(golden);
    }

    @Test
    void threeSlotsWithQ35MemaIsQemusGoldenQ35Ssdt() throws Exception {
        byte[] golden = resource(GOLDEN + "q35/SSDT.dimmpxm");

        byte[] built = new NvdimmSsdt(3).build(Q35_MEMA).bytes();

        assertThat(sha256(built)).isEqualTo(Q35_SHA256);
        assertThat(built).isEqualTo(golden);
    }

    @Test
    void memaDwordSitsAtOffset0x713ForThreeSlots() {
        NvdimmSsdt.Table table = new NvdimmSsdt(3).build(PC_MEMA);

        assertThat(table.memaOffset()).isEqualTo(0x713);
        assertThat(table.mema()).isEqualTo(PC_MEMA);
        // 08 'MEMA' 0C right before the value
        assertThat(Arrays.copyOfRange(table.bytes(), 0x713 - 6, 0x713))
                .containsExactly(0x08, 'M', 'E', 'M', 'A', 0x0C);
    }

    @Test
    void unpatchedTableHasZeroMemaAndFirmwarePatchingYieldsTheGoldenTable() throws Exception {
        NvdimmSsdt.Table blob = new NvdimmSsdt(3).build();

        assertThat(blob.mema()).isZero();
        assertThat(AcpiTableHeader.sum(blob.bytes(), 0, blob.bytes().length)).isZero();
        assertThat(blob.withDsmPage(PC_MEMA).bytes()).isEqualTo(resource(GOLDEN + "pc/SSDT.dimmpxm"));
        assertThat(blob.withDsmPage(Q35_MEMA).bytes()).isEqualTo(resource(GOLDEN + "q35/SSDT.dimmpxm"));
    }

    @Test
    void tablesCompareByContent() {
        assertThat(new NvdimmSsdt(3).build(PC_MEMA)).isEqualTo(new NvdimmSsdt(3).build().withDsmPage(PC_MEMA))
                .isNotEqualTo(new NvdimmSsdt(3).build(Q35_MEMA))
                .hasToString("NvdimmSsdt.Table[1815 bytes, MEMA 0x7ffe000 at 0x713]");
    }

    @Test
    void headerIsQemusNvdimmSsdtHeader() {
        byte[] table = new NvdimmSsdt(3).build().bytes();

        assertThat(AcpiTableHeader.parse(table)).isEqualTo(new AcpiTableHeader(
                "SSDT", 1, "BOCHS ", "NVDIMM\0\0", 1, "BXPC", 1));
        assertThat(table).hasSize(0x717);
    }

    @ParameterizedTest(name = "slots={0}")
    @ValueSource(ints = {0, -1, 257, 1000})
    void rejectsSlotCountsOutside1To256(int slots) {
        assertThatThrownBy(() -> new NvdimmSsdt(slots))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got " + slots);
    }

    /**
     * iasl -d exits 0 even when it meets bytes it cannot decode (it drops them), so "it disassembled" proves
     * little. Instead the whole disassembly must equal the text iasl produced for QEMU's golden 3-slot table,
     * with the NV01 block repeated once per slot under that slot's name and handle.
     */
    @ParameterizedTest(name = "slots={0}")
    @ValueSource(ints = {1, 3, 16, 256})
    void disassemblesToTheGoldenLayoutWithOneDeviceAndAdrPerSlot(int slots, @TempDir Path dir) throws Exception {
        assumeTrue(Iasl.TOOL.isInstalled(), Iasl.TOOL::missingReason);
        Iasl.Disassembly d = Iasl.disassemble(dir, new NvdimmSsdt(slots).build(PC_MEMA).bytes());
        assertThat(d.succeeded()).as(d.log()).isTrue();
        String dsl = d.dsl();

        String ours = dsl.substring(dsl.indexOf("DefinitionBlock"));
        assertThat(ours).isEqualTo(expectedDisassembly(slots));
        assertThat(Pattern.compile("Device \\(NV[0-9A-F]{2}\\)").matcher(ours).results().count()).isEqualTo(slots);
        assertThat(ours).contains(String.format("Device (NV%02X)", slots - 1));
    }

    /** The golden disassembly rebuilt for {@code slots}: NVDR's methods, one device block per slot, MEMA. */
    private static String expectedDisassembly(int slots) throws IOException {
        String golden = new String(resource(GOLDEN + "pc/SSDT.dimmpxm.dsl"), StandardCharsets.US_ASCII);
        String body = golden.substring(golden.indexOf("DefinitionBlock"));
        int nv00 = body.indexOf("            Device (NV00)");
        int nv01 = body.indexOf("            Device (NV01)");
        int nv02 = body.indexOf("            Device (NV02)");
        int end = body.indexOf("        }\n    }\n\n    Name (MEMA");
        assertThat(List.of(nv00, nv01, nv02, end)).as("golden layout").doesNotContain(-1).isSorted();
        String template = body.substring(nv01, nv02).stripTrailing() + "\n";
        // the substitution must reproduce the golden NV00 and NV02 blocks before it is trusted for other slots
        assertThat(deviceBlock(template, 0)).isEqualTo(body.substring(nv00, nv01).stripTrailing() + "\n");
        assertThat(deviceBlock(template, 2)).isEqualTo(body.substring(nv02, end));

        String devices = IntStream.range(0, slots).mapToObj(slot -> deviceBlock(template, slot))
                .collect(Collectors.joining("\n"));
        return body.substring(0, nv00) + devices + body.substring(end);
    }

    /** The NV01 block (handle 2) for another slot, handles written the way iasl prints them. */
    private static String deviceBlock(String nv01Template, int slot) {
        int handle = slot + 1;
        String handleText = handle == 1 ? "One" : handle <= 0xFF ? String.format("0x%02X", handle)
                : String.format("0x%04X", handle);
        return nv01Template.replace("NV01", String.format("NV%02X", slot))
                .replace(", 0x02)", ", " + handleText + ")");
    }

    @Test
    void notifyPortIsAParameter() {
        byte[] table = new NvdimmSsdt(1, 0x0B00).build().bytes();

        // OperationRegion (NPIO, SystemIO, 0x0B00, 0x04)
        assertThat(HexFormat.of().formatHex(table)).contains("5b804e50494f010b000b0a04");
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = NvdimmSsdtTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
