package dev.vnvdimm.harness.targets.qemu;

import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.Capabilities;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.targets.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Real QEMU booting the kit's Linux guest image: as a local process ({@code --target qemu}) or in a container
 * holding one Debian release's QEMU ({@code --target qemu-container:VERSION}).
 */
public final class QemuTarget implements Target {
    public static final String NAME = "qemu";
    public static final String CONTAINER_PREFIX = "qemu-container:";

    private final String name;
    private final QemuLauncher qemu;
    private final LinuxGuestImage image;

    public QemuTarget(String name, QemuLauncher qemu, LinuxGuestImage image) {
        this.name = System.getProperty(LinuxGuestImage.PROPERTY) == null ? name : name + "@linux-" + image.series();
        this.qemu = qemu;
        this.image = image;
    }

    /** The local QEMU, or an error naming what is missing. */
    public static QemuTarget local() {
        QemuBinary qemu = QemuBinary.find().orElseThrow(() -> new IllegalStateException("the qemu target needs "
                + "qemu-system-x86_64 on PATH or -D" + QemuBinary.PROPERTY + "=PATH (Debian: apt-get install "
                + "qemu-system-x86)"));
        return new QemuTarget(NAME, new LocalQemuLauncher(qemu), LinuxGuestImage.selected());
    }

    /** QEMU in the container image tagged {@code tag} (e.g. 7.2, 10.0), or an error naming what is missing. */
    public static QemuTarget container(String tag) {
        return new QemuTarget(CONTAINER_PREFIX + tag, ContainerQemuLauncher.of(tag), LinuxGuestImage.selected());
    }

    /** The target's name, with the guest kernel when one was chosen ({@code qemu-container:10.0@linux-6.12}). */
    @Override
    public String name() {
        return name;
    }

    public QemuLauncher qemu() {
        return qemu;
    }

    public LinuxGuestImage image() {
        return image;
    }

    @Override
    public Set<String> capabilities() {
        Set<String> caps = new HashSet<>(Set.of(Capabilities.INDEPENDENT_TARGET));
        int major = versionPart(0);
        int minor = versionPart(1);
        if (major > 8 || major == 8 && minor >= 2) {
            caps.add(Capabilities.MIGRATION_FILE_URI);
            caps.add(Capabilities.BACKEND_FILE_OFFSET);
        }
        if (major < 8) { // seen on 7.2; 10.0 behaves otherwise, the versions between are not checked
            caps.add(Capabilities.PAGE_UNALIGNED_BACKEND_SIZE);
            caps.add(Capabilities.BACKEND_FILE_WITHOUT_OFFSET);
        }
        return caps;
    }

    /** Part {@code index} of the QEMU version (0 major, 1 minor), 0 when absent. */
    private int versionPart(int index) {
        String[] v = qemu.version().split("\\.");
        return v.length > index ? Integer.parseInt(v[index]) : 0;
    }

    /**
     * What QEMU is known to get wrong, seen on 7.2.22 and declared for every version until one is fixed; and
     * what 7.2 gets wrong that 10.0 has fixed, declared before 8.0 (the versions between are not checked).
     */
    @Override
    public java.util.Map<String, dev.vnvdimm.harness.targets.KnownDefect> knownDefects() {
        java.util.Map<String, dev.vnvdimm.harness.targets.KnownDefect> defects = new java.util.HashMap<>(everyVersion());
        if (versionPart(0) < 8) {
            defects.put("qemu-read-only-label-write-crashes", dev.vnvdimm.harness.targets.KnownDefect.of(
                    "qemu-read-only-label-write-crashes", "a Set Namespace Label Data on a read-only backend "
                            + "writes into the read-only mapping and kills QEMU instead of answering status 1",
                    "QEMU ended during the DSM probe"));
        }
        return defects;
    }

    /** The defects declared for every QEMU version, by id. */
    public static java.util.Map<String, dev.vnvdimm.harness.targets.KnownDefect> everyVersion() {
        // what the migration step that looks at the guest where it runs reports when the destination took a migration
        // it should have refused, and its guest's ndctl read-labels -j printed an empty index (seen on 7.2.22)
        String labelsAfterMigration = "after a migration that ended completed, 'ndctl read-labels -j nmem0' on the "
                + "destination guest.*but was:";
        String emptyIndex = labelsAfterMigration + ".*\"signature\":\"\",.*\"nslot\":0";
        return java.util.Map.of(
                "qemu-migration-accepts-other-label-size", dev.vnvdimm.harness.targets.KnownDefect.of(
                        "qemu-migration-accepts-other-label-size", "QEMU does not compare label-size across "
                                + "migration: the destination loads, and its guest's ndctl read-labels -j finds an "
                                + "invalid label index (no signature, nslot 0)", emptyIndex),
                "qemu-migration-accepts-pc-dimm-for-nvdimm", dev.vnvdimm.harness.targets.KnownDefect.of(
                        "qemu-migration-accepts-pc-dimm-for-nvdimm", "QEMU compares only RAM block names and sizes: "
                                + "a pc-dimm destination takes an NVDIMM's migration, and its guest's ndctl "
                                + "read-labels fails (read 0 nmem)",
                        labelsAfterMigration + "\\s*\"exit status 1: read 0 nmem"),
                "qemu-zero-length-label-dsm-aborts", dev.vnvdimm.harness.targets.KnownDefect.of(
                        "qemu-zero-length-label-dsm-aborts", "a Get or Set Namespace Label Data of length zero "
                                + "kills QEMU on an assertion instead of answering status 3",
                        "nvdimm_validate_rw_label_data: Assertion"),
                "qemu-x-ignore-shared-takes-another-file", dev.vnvdimm.harness.targets.KnownDefect.of(
                        "qemu-x-ignore-shared-takes-another-file", "with x-ignore-shared QEMU does not check that the "
                                + "destination maps the same file: its guest's ndctl read-labels -j reads the other "
                                + "file's empty label index", emptyIndex));
    }

    @Override
    public BootOutcome start(List<String> qemuOptions) {
        try {
            Path dir = Files.createTempDirectory("vnvdimm-qemu-");
            return new BootOutcome.Started(new QemuMachine(QemuProcess.start(qemu, image, "machine", qemuOptions, dir),
                    qemu, image, qemuOptions, dir));
        } catch (RefusedException e) {
            String line = e.getMessage();
            int colon = line.startsWith("-") ? line.indexOf(": ") : -1;
            return new BootOutcome.Refused(line, colon < 0 ? line : line.substring(colon + 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir) {
        return new QemuInstance(QemuProcess.start(qemu, image, name, qemuOptions, dir));
    }
}
