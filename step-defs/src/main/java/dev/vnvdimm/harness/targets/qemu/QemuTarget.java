package dev.vnvdimm.harness.targets.qemu;

import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.Capabilities;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.targets.KnownDefect;
import dev.vnvdimm.harness.targets.ReportedVersions;
import dev.vnvdimm.harness.targets.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Real QEMU booting the kit's Linux guest image: as a local process ({@code --target qemu}) or in a container
 * holding one Debian release's QEMU ({@code --target qemu-container:VERSION}).
 */
public final class QemuTarget implements Target, AutoCloseable {
    public static final String NAME = "qemu";
    public static final String CONTAINER_PREFIX = "qemu-container:";

    private final String name;
    private final QemuLauncher qemu;
    private final LinuxGuestImage image;
    private final ReportedVersions reported = new ReportedVersions();
    private final SavedMachineStates savedStates;

    /** A target on the default guest kernel that may restore saved booted machines. */
    public QemuTarget(String name, QemuLauncher qemu, LinuxGuestImage image) {
        this(name, qemu, image, false, true);
    }

    /**
     * @param kernelChosen whether the run chose the guest kernel: the target's name then says which
     * @param restore      whether machines may come up from a state saved after one boot (see
     *                     {@link SavedMachineStates})
     */
    public QemuTarget(String name, QemuLauncher qemu, LinuxGuestImage image, boolean kernelChosen, boolean restore) {
        this.name = kernelChosen ? name + "@linux-" + image.series() : name;
        this.qemu = qemu;
        this.image = image;
        this.savedStates = new SavedMachineStates(qemu, image, restore);
    }

    /** How this target's machines came up so far (restored from saved booted states, or booted for real). */
    public String machineStarts() {
        return savedStates.summary();
    }

    /** Removes the booted states this target saved: the run has moved on to another target. */
    @Override
    public void close() {
        savedStates.discard();
    }

    /** How many machines were restored from a saved booted state so far. */
    public int restoredMachines() {
        return savedStates.restoredCount();
    }

    /**
     * The local QEMU ({@code qemu}, else the one on PATH) with the guest kernel {@code guestKernel} (else the default
     * image), or an error naming what is missing.
     */
    public static QemuTarget local(Optional<Path> qemu, Optional<String> guestKernel, boolean restore) {
        QemuBinary binary = QemuBinary.find(qemu).orElseThrow(() -> new IllegalStateException("the qemu target "
                + "needs qemu-system-x86_64 on PATH or --qemu PATH (Debian: apt-get install qemu-system-x86)"));
        return new QemuTarget(NAME, new LocalQemuLauncher(binary), LinuxGuestImage.selected(guestKernel),
                guestKernel.isPresent(), restore);
    }

    /** QEMU in the container image tagged {@code tag} (e.g. 7.2, 10.0), or an error naming what is missing. */
    public static QemuTarget container(String tag, Optional<String> guestKernel, boolean restore) {
        return new QemuTarget(CONTAINER_PREFIX + tag, ContainerQemuLauncher.of(tag),
                LinuxGuestImage.selected(guestKernel), guestKernel.isPresent(), restore);
    }

    /** {@link #container(String, Optional, boolean)} on the default guest kernel, restoring saved machines. */
    public static QemuTarget container(String tag) {
        return container(tag, Optional.empty(), true);
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
    public Map<String, String> reportedVersions() {
        return reported.snapshot();
    }

    /** Its versions, and once a machine ran, where QEMU comes from, the accelerator it got and the guest image. */
    @Override
    public Map<String, String> environment() {
        Map<String, String> m = new TreeMap<>(reportedVersions());
        if (!m.isEmpty()) {
            m.put("qemu binary", qemu.describe());
            m.put("accelerator", qemu.accelerator(image));
            m.put("guest image", "linux-" + image.series());
        }
        return m;
    }

    @Override
    public Set<String> capabilities() {
        Set<String> caps = new HashSet<>(Set.of(Capabilities.INDEPENDENT_TARGET, Capabilities.GUEST_MEMINFO,
                Capabilities.GUEST_FILESYSTEM));
        int major = versionPart(0);
        int minor = versionPart(1);
        if (major > 8 || major == 8 && minor >= 2) {
            caps.add(Capabilities.MIGRATION_FILE_URI);
            caps.add(Capabilities.BACKEND_FILE_OFFSET);
        }
        if (major > 9 || major == 9 && minor >= 1) { // seen on 10.0 and 11.1, absent on 7.2
            caps.add(Capabilities.MIGRATE_INCOMING_CHANNELS);
            caps.add(Capabilities.MIGRATE_INCOMING_EXIT_ON_ERROR);
        }
        if (major < 8) { // seen on 5.2 and 7.2; 10.0 behaves otherwise, the versions between are not checked
            caps.add(Capabilities.PAGE_UNALIGNED_BACKEND_SIZE);
            caps.add(Capabilities.BACKEND_FILE_WITHOUT_OFFSET);
        }
        // seen on 7.2, 10.0 and 11.1, absent on 5.2 (which has the others); the versions between are not checked
        if (major >= 6) {
            caps.add(Capabilities.QAPI_OPTION_WORDS);
            caps.add(Capabilities.BACKEND_READONLY);
            caps.add(Capabilities.PMEM_NON_DAX_DEPRECATION);
            caps.add(Capabilities.MACHINE_OEM_TABLE_ID);
            caps.add(Capabilities.NVDIMM_LABEL_METHODS);
        } else {
            caps.add(Capabilities.QEMU_OPTS_OPTION_WORDS);
            caps.add(Capabilities.SIGNATURE_OEM_TABLE_ID);
        }
        // seen: the old words on 5.2, 7.2 and 10.0, the new on 11.1
        caps.add(major >= 11 ? Capabilities.MAPPED_BACKEND_DELETE_WORDS : Capabilities.OBJECT_IN_USE_WORDS);
        return caps;
    }

    /** Part {@code index} of the QEMU version (0 major, 1 minor), 0 when absent. */
    private int versionPart(int index) {
        String[] v = qemu.version().split("\\.");
        return v.length > index ? Integer.parseInt(v[index]) : 0;
    }

    /**
     * What QEMU is known to get wrong, seen on 7.2.22 and declared for every version until one is fixed (seen on
     * 5.2, 7.2, 10.0 and 11.1); and what 7.2 gets wrong that 10.0 has fixed, declared before 8.0 where the
     * defect can show at all: a read-only label write needs a {@code readonly} backend, which 5.2 lacks (the
     * versions between are not checked).
     */
    @Override
    public Map<String, KnownDefect> knownDefects() {
        Map<String, KnownDefect> defects = new HashMap<>(EVERY_VERSION);
        if (versionPart(0) < 8 && capabilities().contains(Capabilities.BACKEND_READONLY)) {
            defects.putAll(BEFORE_8_0);
        }
        defects.putAll(MULTIFD_MEASURED);
        if (versionPart(0) >= 10) {
            defects.putAll(FROM_10_0);
        }
        if (qemu.version().startsWith("7.2.")) {
            defects.putAll(INTERMITTENT_ON_7_2);
        }
        return defects;
    }

    /** Every known defect some QEMU version declares, by id: a tag naming another id is a mistake. */
    public static Map<String, KnownDefect> declarableDefects() {
        Map<String, KnownDefect> all = new TreeMap<>(EVERY_VERSION);
        all.putAll(BEFORE_8_0);
        all.putAll(MULTIFD_MEASURED);
        all.putAll(FROM_10_0);
        all.putAll(INTERMITTENT_ON_7_2);
        return all;
    }

    /** The defects declared for every QEMU version, by id. */
    public static Map<String, KnownDefect> everyVersion() {
        return EVERY_VERSION;
    }

    // what the migration step that looks at the guest where it runs reports when the destination took a migration
    // it should have refused, and its guest's ndctl read-labels -j printed an empty index (seen on 7.2.22)
    private static final String LABELS_AFTER_MIGRATION = "after a migration that ended completed, 'ndctl read-labels "
            + "-j nmem0' on the destination guest.*but was:";
    private static final String EMPTY_INDEX = LABELS_AFTER_MIGRATION + ".*\"signature\":\"\",.*\"nslot\":0";

    private static final Map<String, KnownDefect> BEFORE_8_0 = byId(
            KnownDefect.of("qemu-read-only-label-write-crashes", "a Set Namespace Label Data on a read-only backend "
                    + "writes into the read-only mapping and kills QEMU instead of answering status 1",
                    // sent by the DSM probe, or by the guest's ndctl (Linux does not refuse it for an unarmed DIMM)
                    "QEMU ended during the DSM probe|guest command 'ndctl [a-z-]+-labels .*' got no answer: QEMU "
                            + "ended: QEMU exited with status 139"));

    // seen on 7.2.22 with the scenario's guest: the destination, multifd on, waits in inmigrate for multifd channels
    // that never come and stops reading the main connection; the source (multifd off) stays "active" for good.
    // (A guest-less machine, whose whole stream fits in the socket buffers, instead "completes" on the source, on
    // 5.2 and 7.2, and its guest runs nowhere.)
    private static final Map<String, KnownDefect> MULTIFD_MEASURED = byId(
            KnownDefect.of("qemu-multifd-destination-only-stalls", "with multifd on the destination only, QEMU "
                    + "neither refuses nor completes: the destination waits in inmigrate for multifd channels that "
                    + "never come, and the source's migration stays active for good",
                    "the migration stalled: query-migrate showed no progress for \\d+ s; last saw .*\"status\":\"active\""));

    // seen once on 7.2.22 (local, CI-like run of 2026-12-07) in about ten runs of the scenario on 7.2: after the
    // destination, multifd off, dropped the source's extra channels, the source's multifd clean-up segfaulted. Not
    // seen on 5.2, 10.0 or 11.1 (9.0 reworked multifd's clean-up); declared where seen.
    private static final Map<String, KnownDefect> INTERMITTENT_ON_7_2 = byId(
            KnownDefect.intermittent("qemu-multifd-failure-crashes-source", "with multifd on the source only, the "
                    + "failed migration's clean-up sometimes kills the source QEMU (SIGSEGV after \"multifd_send_sync_"
                    + "main: channel N has already quit\") instead of leaving it running; seen once in about ten runs",
                    "source hypervisor exited with 139.*multifd_send_sync_main: channel \\d+ has already quit"));

    // seen on 10.0.13 and 11.1 with a guest-less QMP probe, not on 5.2 or 7.2 (which let the next migrate-incoming
    // listen); the versions between are not checked, so it is declared from 10.0 on
    private static final Map<String, KnownDefect> FROM_10_0 = byId(
            KnownDefect.of("qemu-incoming-stuck-after-failed-listen", "a migrate-incoming whose listen fails (an "
                    + "address it cannot bind, a file it cannot open) leaves the incoming migration in setup: every "
                    + "later migrate-incoming is refused and the destination can never take a migration",
                    "Illegal migration incoming state: setup"));

    static final String NDCTL_INIT_LABELS_REVIVES_PREVIOUS_INDEX = "ndctl-init-labels-revives-previous-index";
    // what label-crash-safety.feature's check says when a restart found the namespaces of one update before
    private static final String PREVIOUS_INDEX_CAME_BACK = "as they were before the previous update, older than "
            + "before this one: the label index before last came back";

    private static final Map<String, KnownDefect> EVERY_VERSION = byId(
            KnownDefect.of("qemu-migration-accepts-other-label-size", "QEMU does not compare label-size across "
                    + "migration: the destination loads, and its guest's ndctl read-labels -j finds an invalid label "
                    + "index (no signature, nslot 0)", EMPTY_INDEX),
            KnownDefect.of("qemu-migration-accepts-pc-dimm-for-nvdimm", "QEMU compares only RAM block names and "
                    + "sizes: a pc-dimm destination takes an NVDIMM's migration, and its guest's ndctl read-labels "
                    + "fails (read 0 nmem)", LABELS_AFTER_MIGRATION + "\\s*\"exit status 1: read 0 nmem"),
            KnownDefect.of("qemu-zero-length-label-dsm-aborts", "a Get or Set Namespace Label Data of length zero "
                    + "kills QEMU on an assertion instead of answering status 3",
                    "nvdimm_validate_rw_label_data: Assertion"),
            // measured guest-less on 5.2, 7.2, 10.0 and 11.1 (-incoming "exec:cat EMPTY", query-status after 4 s) and
            // with the scenario's machine on 7.2.22; a stream with anything in it is refused ("Not a migration stream")
            KnownDefect.of("qemu-restore-from-empty-stream-waits", "a destination whose exec: command gives it an "
                    + "empty stream (an empty saved file) neither loads nor refuses it: it stays in inmigrate for good",
                    "waited \\d+ s for the \\w+ to exit; last saw Optional.empty"),
            KnownDefect.of("qemu-x-ignore-shared-takes-another-file", "with x-ignore-shared QEMU does not check that "
                    + "the destination maps the same file: its guest's ndctl read-labels -j reads the other file's "
                    + "empty label index", EMPTY_INDEX),
            // the guest's, not QEMU's: the kit's Linux image's ndctl (76.1 measured, with Linux 6.1 on 7.2.22), whose
            // init-labels writes index block 0 before block 1; reproduced by killing QEMU on that first write
            KnownDefect.of(NDCTL_INIT_LABELS_REVIVES_PREVIOUS_INDEX, "the guest's ndctl init-labels -f writes index "
                    + "block 0 (sequence 3) before block 1: over an index whose block 0 is current and block 1 holds "
                    + "sequence 1 or 3, a power loss after that first write makes block 1, one update older, current, "
                    + "and the guest finds a namespace destroyed just before back", PREVIOUS_INDEX_CAME_BACK),
            // the same, where a kill at a random point of the loop happens to land between ndctl's two index writes
            // in one of those two points of the sequence cycle: a few milliseconds of a ~1-s update, not seen yet
            KnownDefect.intermittent(NDCTL_INIT_LABELS_REVIVES_PREVIOUS_INDEX + "-at-random-kills", "as "
                    + NDCTL_INIT_LABELS_REVIVES_PREVIOUS_INDEX + ", when a kill at a random point lands between "
                    + "ndctl init-labels' two index writes with the index at one of those points; not seen yet in "
                    + "the loops' random kills, the window being a few milliseconds of a ~1-s update",
                    PREVIOUS_INDEX_CAME_BACK));


    private static Map<String, KnownDefect> byId(KnownDefect... defects) {
        Map<String, KnownDefect> m = new LinkedHashMap<>();
        for (KnownDefect d : defects) {
            m.put(d.id(), d);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public BootOutcome start(List<String> qemuOptions) {
        return start(qemuOptions, null, true);
    }

    @Override
    public BootOutcome start(List<String> qemuOptions, Path scenarioDirectory, boolean bootForReal) {
        try {
            Path dir = Files.createTempDirectory("vnvdimm-qemu-");
            var candidate = savedStates.candidate(qemuOptions, scenarioDirectory, bootForReal);
            QemuProcess process = candidate.flatMap(c -> savedStates.restore(c, "machine", qemuOptions, dir))
                    .orElseGet(() -> heldUntilGuestUsed(candidate, qemuOptions, dir));
            reported.recordQmpGreeting("qemu", process.qmp().greeting());
            return new BootOutcome.Started(new QemuMachine(process, qemu, image, qemuOptions, dir, reported));
        } catch (RefusedException e) {
            String line = e.getMessage();
            int colon = line.startsWith("-") ? line.indexOf(": ") : -1;
            return new BootOutcome.Refused(line, colon < 0 ? line : line.substring(colon + 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A scenario's machine booted for real, its vCPUs held (QEMU's {@code -S}) until the scenario first talks to
     * the guest: many scenarios check only what QEMU does with the command line (its refusals, warnings, memory
     * map, QMP answers, the files it creates), and a Linux boot nobody uses would only take CPU time from the
     * scenario running beside it. The guest runs ({@code cont}) before its console is first used.
     */
    private QemuProcess heldUntilGuestUsed(Optional<SavedMachineStates.Candidate> candidate,
                                           List<String> qemuOptions, Path dir) {
        if (qemuOptions.contains("-S") || qemuOptions.contains("-incoming")) {
            return bootForReal(candidate, "machine", qemuOptions, dir); // the scenario holds or feeds it itself
        }
        List<String> held = new ArrayList<>(qemuOptions);
        held.add("-S");
        QemuProcess process = QemuProcess.start(qemu, image, "machine", held, dir);
        savedStates.bootedForReal();
        process.onGuestUsed(() -> {
            candidate.ifPresent(savedStates::guestUsed);
            try {
                process.qmp().execute("cont");
            } catch (IOException e) {
                throw new UncheckedIOException("cont, to let the guest boot", e);
            }
        });
        return process;
    }

    /** Starts QEMU on the command line; a restore candidate's key is noted as worth saving once its guest is used. */
    private QemuProcess bootForReal(Optional<SavedMachineStates.Candidate> candidate, String name,
                                    List<String> qemuOptions, Path dir) {
        QemuProcess process = QemuProcess.start(qemu, image, name, qemuOptions, dir);
        savedStates.bootedForReal();
        candidate.ifPresent(c -> process.onGuestUsed(() -> savedStates.guestUsed(c)));
        return process;
    }

    @Override
    public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir) {
        return launch(name, qemuOptions, dir, true);
    }

    @Override
    public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir, boolean bootForReal) {
        return launch(name, qemuOptions, dir, bootForReal, false);
    }

    /**
     * A machine the scenario resets runs without {@code -no-reboot}, so it is never restored from a saved state:
     * those were saved from machines with it, another command line.
     */
    @Override
    public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir, boolean bootForReal,
                                     boolean guestMayReboot) {
        try {
            if (guestMayReboot) {
                QemuProcess process = QemuProcess.start(qemu, image, name, qemuOptions, dir, true);
                savedStates.bootedForReal();
                reported.recordQmpGreeting("qemu", process.qmp().greeting());
                return new QemuInstance(process);
            }
            var candidate = savedStates.candidate(qemuOptions, dir, bootForReal);
            QemuProcess process = candidate.flatMap(c -> savedStates.restore(c, name, qemuOptions, dir))
                    .orElseGet(() -> bootForReal(candidate, name, qemuOptions, dir));
            reported.recordQmpGreeting("qemu", process.qmp().greeting());
            return new QemuInstance(process);
        } catch (EndedQemuInstance.StreamRefused e) {
            return e.instance; // a destination that refused its stream before QMP answered
        }
    }
}
