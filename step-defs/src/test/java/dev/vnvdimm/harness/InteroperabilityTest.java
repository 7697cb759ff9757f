package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.emulator.config.CommandLineTokenizer;
import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.GuestSession;
import dev.vnvdimm.harness.targets.MachineUnderTest;
import dev.vnvdimm.harness.targets.ReferenceTarget;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.targets.qemu.LinuxGuestImage;
import dev.vnvdimm.harness.targets.qemu.QemuBinary;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backing files move between the two halves: namespaces one guest created on a file are the namespaces the
 * other guest finds there — the reference guest on the reference emulator, and Linux with ndctl on real QEMU,
 * both ways, with v1.1 and v1.2 labels; and the NFIT and SSDT Linux finds on QEMU are the reference emulator's.
 */
class InteroperabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Target qemu;
    private final Target reference = new ReferenceTarget();

    @BeforeEach
    void needsQemu() {
        Assumptions.assumeTrue(QemuBinary.find().isPresent(), "qemu-system-x86_64 is not installed (Debian: "
                + "apt-get install qemu-system-x86); interoperability with real QEMU is not checked");
        Assumptions.assumeTrue(LinuxGuestImage.missingTool().isEmpty(), () -> "the Linux guest image cannot be "
                + "built here: " + LinuxGuestImage.missingTool().orElse(""));
        qemu = QemuTarget.local();
    }

    private String options() {
        return "-machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G -object memory-backend-file,id=mem1,share=on,"
                + "mem-path=" + dir.resolve("nv.img") + ",size=256M -device nvdimm,id=nv1,memdev=mem1,label-size=128K";
    }

    /** Creates two named raw namespaces on a fresh file under {@code target}; returns what its ndctl lists. */
    private Set<String> create(Target target, String labelVersion) throws Exception {
        try (MachineUnderTest m = started(target)) {
            GuestSession g = m.bootGuest(dir);
            for (String c : new String[] {"ndctl disable-region region0", "ndctl init-labels nmem0 -V " + labelVersion,
                "ndctl enable-region region0", "ndctl create-namespace -r region0 -m raw -s 64M -n alpha",
                "ndctl create-namespace -r region0 -m raw -s 32M -n beta"}) {
                CommandResult r = g.run(c);
                assertThat(r.exitCode()).as("%s on %s: %s", c, target.name(), r.combined()).isZero();
            }
            return namespaces(g);
        }
    }

    private Set<String> found(Target target) throws Exception {
        try (MachineUnderTest m = started(target)) {
            GuestSession g = m.bootGuest(dir);
            CommandResult check = g.run("ndctl check-labels nmem0");
            assertThat(check.exitCode()).as("check-labels on %s: %s", target.name(), check.combined()).isZero();
            return namespaces(g);
        }
    }

    private MachineUnderTest started(Target target) {
        BootOutcome o = target.start(CommandLineTokenizer.split(options()));
        assertThat(o).as("%s starts", target.name()).isInstanceOf(BootOutcome.Started.class);
        return ((BootOutcome.Started) o).machine();
    }

    /** uuid, name and size of every namespace {@code ndctl list -N} shows (one object or an array). */
    private static Set<String> namespaces(GuestSession g) throws Exception {
        CommandResult r = g.run("ndctl list -N");
        assertThat(r.exitCode()).isZero();
        JsonNode n = JSON.readTree(r.stdout());
        Set<String> out = new TreeSet<>();
        for (JsonNode ns : n.isArray() ? n : JSON.createArrayNode().add(n)) {
            out.add(ns.path("uuid").asText() + " " + ns.path("name").asText() + " " + ns.path("size").asLong());
        }
        return out;
    }

    /**
     * The NFIT and SSDT Linux finds under {@code /sys/firmware/acpi/tables} on real QEMU are the reference
     * emulator's for the same command line: the NFIT byte for byte, the SSDT but for MEMA (the DSM page address,
     * its last four bytes, which the firmware chooses) and the checksum that covers it.
     */
    @org.junit.jupiter.api.Test
    void linuxOnQemuFindsTheReferenceEmulatorsNfitAndSsdt() {
        java.util.Map<String, byte[]> onQemu;
        try (MachineUnderTest m = started(qemu)) {
            m.bootGuest(dir);
            onQemu = m.acpiTables();
        }
        java.util.Map<String, byte[]> mine;
        try (MachineUnderTest m = started(reference)) {
            mine = m.acpiTables();
        }
        assertThat(onQemu.get("NFIT")).isNotEmpty().isEqualTo(mine.get("NFIT"));
        byte[] ssdt = onQemu.get("SSDT");
        assertThat(ssdt).hasSameSizeAs(mine.get("SSDT"));
        assertThat(dev.vnvdimm.harness.steps.AcpiTableSteps.withoutMema(ssdt))
                .isEqualTo(dev.vnvdimm.harness.steps.AcpiTableSteps.withoutMema(mine.get("SSDT")));
    }

    @ParameterizedTest(name = "labels v{0}")
    @ValueSource(strings = {"1.1", "1.2"})
    void namespacesTheReferenceGuestCreatedAreTheOnesLinuxFinds(String version) throws Exception {
        Set<String> created = create(reference, version);
        assertThat(created).hasSize(2);
        assertThat(found(qemu)).isEqualTo(created);
    }

    @ParameterizedTest(name = "labels v{0}")
    @ValueSource(strings = {"1.1", "1.2"})
    void namespacesLinuxCreatedAreTheOnesTheReferenceGuestFinds(String version) throws Exception {
        Set<String> created = create(qemu, version);
        assertThat(created).hasSize(2);
        assertThat(found(reference)).isEqualTo(created);
    }
}
