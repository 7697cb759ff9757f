package dev.vnvdimm.harness.steps;

import dev.vnvdimm.harness.HarnessSettings;
import dev.vnvdimm.harness.Targets;
import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.GuestSession;
import dev.vnvdimm.harness.targets.MachineUnderTest;
import dev.vnvdimm.harness.targets.Target;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one scenario has going: its target, its private directory for backing files, the command line it
 * started, and the outcome. Shared by the step classes through Cucumber's dependency injection.
 */
public final class ScenarioWorld {
    /** Written in a scenario's command line, it stands for the scenario's private directory. */
    public static final String DIR_PLACEHOLDER = "{dir}";

    /**
     * A scenario (or feature) tagged so is about booting itself (the guest's probe, what the guest sees at
     * boot): its machines boot for real, never from a state saved after another machine's boot.
     */
    public static final String REAL_BOOT_TAG = "@real-boot";

    /**
     * A scenario (or Examples block) tagged so resets its machines (QMP {@code system_reset}, a reboot in the
     * guest): the hypervisor must boot the guest again rather than end, as the kit otherwise has it do.
     */
    public static final String REBOOTS_TAG = "@reboots";

    /**
     * A scenario (or feature) tagged so kills its hypervisors with SIGKILL, as power loss ends them: every machine it
     * launches must be a process of its own ({@link Target#launchInOwnProcess}).
     */
    public static final String POWER_LOSS_TAG = "@power-loss";

    private final Target target = Targets.selected();
    private boolean bootsForReal;
    private boolean guestMayReboot;
    private boolean hypervisorKilled;
    private Path dir;
    private String commandLineText = "";
    private BootOutcome outcome;
    private final List<MachineUnderTest> machines = new ArrayList<>();
    private final Map<String, FileSnapshot> snapshots = new LinkedHashMap<>();

    public Target target() {
        return target;
    }

    /** Whether this scenario's machines must boot for real: see {@link #REAL_BOOT_TAG}. */
    public boolean bootsForReal() {
        return bootsForReal;
    }

    void bootsForReal(boolean value) {
        this.bootsForReal = value;
    }

    /** Whether this scenario's machines are reset and must boot again: see {@link #REBOOTS_TAG}. */
    public boolean guestMayReboot() {
        return guestMayReboot;
    }

    void guestMayReboot(boolean value) {
        this.guestMayReboot = value;
    }

    /** Whether this scenario kills its hypervisors: see {@link #POWER_LOSS_TAG}. */
    public boolean hypervisorKilled() {
        return hypervisorKilled;
    }

    void hypervisorKilled(boolean value) {
        this.hypervisorKilled = value;
    }

    public Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("vnvdimm-scenario-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** Replaces {@value #DIR_PLACEHOLDER} with the scenario's directory. */
    public String expand(String text) {
        return text.replace(DIR_PLACEHOLDER, dir().toString());
    }

    /** The top-level {@code features/} folder (golden files live under it). */
    public Path featuresDir() {
        return HarnessSettings.current().features();
    }

    public Path file(String name) {
        return dir().resolve(name);
    }

    /** The last {@code size} bytes of a file in the scenario's directory (where a label area lives). */
    public byte[] fileTail(String name, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file(name).toFile(), "r")) {
            byte[] b = new byte[(int) size];
            f.seek(f.length() - size);
            f.readFully(b);
            return b;
        }
    }

    public void started(String commandLine, BootOutcome outcome) {
        this.commandLineText = commandLine;
        this.outcome = outcome;
        if (outcome instanceof BootOutcome.Started s) {
            machines.add(s.machine());
        }
        this.guest = null;
    }

    public String commandLineText() {
        return commandLineText;
    }

    public BootOutcome outcome() {
        if (outcome == null) {
            throw new IllegalStateException("no machine was started in this scenario");
        }
        return outcome;
    }

    /** The machine the last start produced; fails the step when it was refused. */
    public MachineUnderTest machine() {
        if (outcome() instanceof BootOutcome.Started s) {
            return s.machine();
        }
        throw new AssertionError("the machine did not start: " + ((BootOutcome.Refused) outcome).errorLine());
    }

    private GuestSession guest;

    /** The guest booted on the current machine, booting it on first use. */
    public GuestSession guest() {
        if (guest == null) {
            guest = machine().bootGuest(dir());
        }
        return guest;
    }

    /** Forgets the booted guest (the machine was powered off or replaced). */
    public void guestGone() {
        guest = null;
    }

    public Map<String, FileSnapshot> snapshots() {
        return snapshots;
    }

    /** Powers off every machine of the scenario and removes its directory. */
    void tearDown() {
        for (MachineUnderTest m : machines) {
            m.close();
        }
        machines.clear();
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
