package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.NfitParser;
import dev.vnvdimm.abi.acpi.NfitStructure;
import dev.vnvdimm.acpica.Iasl;
import dev.vnvdimm.harness.report.Hexdump;
import dev.vnvdimm.harness.report.ReportAttachments;
import dev.vnvdimm.harness.targets.NotRun;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Then;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ACPI tables the guest boots from: which exist, what the NFIT says, what the SSDT declares. */
public final class AcpiTableSteps {
    private static final Pattern NV_DEVICE = Pattern.compile(
            "Device \\((NV[0-9A-F]{2})\\)\\s*\\{\\s*Name \\(_ADR, (Zero|One|0x[0-9A-Fa-f]+)\\)");

    private final ScenarioWorld world;

    public AcpiTableSteps(ScenarioWorld world) {
        this.world = world;
    }

    private Map<String, byte[]> tables() {
        Map<String, byte[]> t = world.machine().acpiTables();
        return t;
    }

    private byte[] table(String name) {
        byte[] t = tables().get(name);
        assertThat(t).as("the guest finds no %s table; it finds %s", name, tables().keySet()).isNotNull();
        ReportAttachments.text(name + " hexdump", Hexdump.of(t));
        return t;
    }

    private List<NfitStructure> nfit() {
        return NfitParser.parseTable(table("NFIT")).structures();
    }

    /** The tables an NVDIMM brings: present exactly when the list names them. */
    private static final List<String> NVDIMM_TABLES = List.of("NFIT", "SSDT");

    /**
     * The guest finds every listed table, and of the NVDIMM tables (NFIT, SSDT) only the listed ones. Other
     * tables legitimately differ: the QEMU target lists no RSDT or XSDT (as Linux's sysfs does not), and QEMU
     * adds tables outside the kit's scope (APIC, HPET, WAET, MCFG, and an SRAT for memory hotplug even without
     * -numa).
     */
    @Then("the guest finds the ACPI tables {string}")
    public void theGuestFindsTheTables(String list) {
        List<String> expected = Arrays.stream(list.split(",")).map(String::strip).toList();
        Set<String> found = tables().keySet();
        assertThat(found).as("ACPI tables the guest finds").containsAll(expected);
        for (String t : NVDIMM_TABLES) {
            assertThat(found.contains(t)).as("the guest finds a %s table (it finds %s)", t, found)
                    .isEqualTo(expected.contains(t));
        }
    }

    @Then("every ACPI table's checksum is valid")
    public void everyChecksumIsValid() {
        tables().forEach((name, bytes) -> {
            if (!name.startsWith("FACS")) {
                assertThat(AcpiTableHeader.sum(bytes, 0, bytes.length)).as("checksum of %s", name).isZero();
            }
        });
    }

    @Then("the NFIT describes {int} NVDIMM(s)")
    public void theNfitDescribes(Integer count) {
        assertThat(nfit().stream().filter(NfitStructure.MemoryDeviceMap.class::isInstance)).hasSize(count);
    }

    /**
     * Fields of the NVDIMM with the given NFIT device handle, across its three structures: {@code spa base},
     * {@code spa length}, {@code proximity domain}, {@code spa range index}, {@code control region index},
     * {@code serial number}, {@code armed} (yes/no), {@code format interface code}, {@code vendor id}.
     */
    @Then("the NFIT describes NVDIMM handle {int} as:")
    public void theNfitDescribesHandle(Integer handle, DataTable fields) {
        List<NfitStructure> s = nfit();
        NfitStructure.MemoryDeviceMap map = s.stream().filter(NfitStructure.MemoryDeviceMap.class::isInstance)
                .map(NfitStructure.MemoryDeviceMap.class::cast).filter(m -> m.deviceHandle() == handle).findFirst()
                .orElseThrow(() -> new AssertionError("no memory device map for handle " + handle + " in " + s));
        NfitStructure.SpaRange spa = s.stream().filter(NfitStructure.SpaRange.class::isInstance)
                .map(NfitStructure.SpaRange.class::cast).filter(r -> r.rangeIndex() == map.spaRangeIndex())
                .findFirst().orElseThrow(() -> new AssertionError("no SPA range " + map.spaRangeIndex()));
        NfitStructure.ControlRegion dcr = s.stream().filter(NfitStructure.ControlRegion.class::isInstance)
                .map(NfitStructure.ControlRegion.class::cast)
                .filter(c -> c.regionIndex() == map.controlRegionIndex()).findFirst()
                .orElseThrow(() -> new AssertionError("no control region " + map.controlRegionIndex()));
        Map<String, String> actual = new LinkedHashMap<>();
        actual.put("spa base", hex(spa.rangeBase()));
        actual.put("spa length", String.valueOf(spa.rangeLength()));
        actual.put("region size", String.valueOf(map.regionSize()));
        actual.put("proximity domain", String.valueOf(spa.proximityDomain()));
        actual.put("spa range index", String.valueOf(map.spaRangeIndex()));
        actual.put("control region index", String.valueOf(map.controlRegionIndex()));
        actual.put("serial number", hex(dcr.serialNumber()));
        actual.put("armed", (map.flags() & 0x8) == 0 ? "yes" : "no");
        actual.put("format interface code", hex(dcr.formatInterfaceCode()));
        actual.put("vendor id", hex(dcr.vendorId()));
        for (Map.Entry<String, String> e : fields.asMap(String.class, String.class).entrySet()) {
            assertThat(actual).as("NFIT field '%s' of handle %d", e.getKey(), handle).containsKey(e.getKey());
            assertThat(actual.get(e.getKey())).as("NFIT %s of handle %d", e.getKey(), handle).isEqualTo(e.getValue());
        }
    }

    @Then("the NFIT has platform capabilities {int}")
    public void platformCapabilities(Integer caps) {
        List<NfitStructure.PlatformCapabilities> p = nfit().stream()
                .filter(NfitStructure.PlatformCapabilities.class::isInstance)
                .map(NfitStructure.PlatformCapabilities.class::cast).toList();
        assertThat(p).hasSize(1);
        assertThat(p.get(0).capabilities()).isEqualTo(caps.longValue());
        assertThat(p.get(0).highestValidCapability()).isEqualTo(1);
    }

    @Then("the NFIT has no platform capabilities structure")
    public void noPlatformCapabilities() {
        assertThat(nfit()).noneMatch(NfitStructure.PlatformCapabilities.class::isInstance);
    }

    @Then("the SSDT declares devices NV00 to {word} with _ADR 1 to {int}")
    public void theSsdtDeclaresDevices(String last, Integer lastAdr) throws IOException, InterruptedException {
        Map<String, Integer> devices = ssdtDevices();
        int count = Integer.parseInt(last.substring(2), 16) + 1;
        assertThat(devices).hasSize(count);
        for (int slot = 0; slot < count; slot++) {
            assertThat(devices).containsEntry(String.format("NV%02X", slot), slot + 1);
        }
        assertThat(devices.get(last)).isEqualTo(lastAdr);
    }

    @Then("every ACPI table disassembles with iasl without errors")
    public void everyTableDisassembles() throws IOException, InterruptedException {
        requireIasl();
        for (Map.Entry<String, byte[]> e : tables().entrySet()) {
            Iasl.Disassembly d = disassemble(e.getKey(), e.getValue());
            assertThat(d.clean()).as("iasl -d %s.dat: %s", e.getKey(), d.log()).isTrue();
        }
    }

    @Then("the NFIT is byte for byte QEMU 7.2's {string} NFIT for {word}")
    public void nfitEqualsGolden(String testCase, String machine) throws IOException {
        assertThat(table("NFIT")).isEqualTo(golden(testCase, machine, "NFIT"));
    }

    /**
     * QEMU 7.2's table with another OEM Table ID, and the checksum that makes the whole table sum to zero again:
     * every other byte, the checksum's validity included, is compared.
     */
    @Then("the NFIT is byte for byte QEMU 7.2's {string} NFIT for {word} with OEM Table ID {string} and its checksum")
    public void nfitEqualsGoldenWithOemTableId(String testCase, String machine, String oemTableId) throws IOException {
        assertThat(table("NFIT")).isEqualTo(withOemTableId(golden(testCase, machine, "NFIT"), oemTableId));
    }

    /** A copy of an ACPI table with another OEM Table ID, its checksum set so that the table sums to zero. */
    public static byte[] withOemTableId(byte[] table, String oemTableId) {
        return AcpiTableHeader.parse(table).withOemTableId(oemTableId).seal(Arrays.copyOf(table, table.length));
    }

    @Then("the SSDT is QEMU 7.2's {string} SSDT for {word}, but for MEMA and the checksum")
    public void ssdtEqualsGolden(String testCase, String machine) throws IOException {
        byte[] mine = table("SSDT");
        byte[] qemu = golden(testCase, machine, "SSDT");
        assertThat(mine).hasSameSizeAs(qemu);
        assertThat(withoutMema(mine)).isEqualTo(withoutMema(qemu));
    }

    /**
     * An NVDIMM SSDT with MEMA (the DSM page address the firmware chose; Name (MEMA, DWord) is the last term)
     * and the checksum that covers it zeroed, for comparing SSDTs of different hypervisors.
     */
    public static byte[] withoutMema(byte[] ssdt) {
        byte[] c = Arrays.copyOf(ssdt, ssdt.length);
        Arrays.fill(c, c.length - 4, c.length, (byte) 0);
        c[AcpiTableHeader.CHECKSUM] = 0;
        return c;
    }

    private byte[] golden(String testCase, String machine, String table) throws IOException {
        Path p = world.featuresDir().resolve("golden/qemu-7.2-" + testCase + "/" + machine + "/" + table + "."
                + testCase);
        try (InputStream in = Files.newInputStream(p)) {
            return in.readAllBytes();
        }
    }

    private Map<String, Integer> ssdtDevices() throws IOException, InterruptedException {
        requireIasl();
        Iasl.Disassembly d = disassemble("SSDT", table("SSDT"));
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = NV_DEVICE.matcher(d.dsl());
        while (m.find()) {
            String adr = m.group(2);
            out.put(m.group(1), adr.equals("Zero") ? 0 : adr.equals("One") ? 1 : Integer.decode(adr));
        }
        return out;
    }

    private Iasl.Disassembly disassemble(String name, byte[] bytes) throws IOException, InterruptedException {
        Path dir = world.dir().resolve("acpi");
        Files.createDirectories(dir);
        Path dat = dir.resolve(name + ".dat");
        Files.write(dat, bytes);
        Iasl.Disassembly d = Iasl.disassemble(dat);
        ReportAttachments.text(name + " disassembly (iasl -d)", d.dsl().isEmpty() ? d.log() : d.dsl());
        return d;
    }

    private static void requireIasl() {
        if (!Iasl.TOOL.isInstalled()) {
            throw new NotRun(Iasl.TOOL.missingReason());
        }
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
