package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.model.CommandResult;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The life-cycle events of a long-running machine, driven as a management tool drives QEMU: pause and resume,
 * a reset from QMP or from the guest, save to a file and restore into a new instance, live migration into a new
 * instance, and a cold restart on the same files. A machine restored or migrated keeps its name in the scenario,
 * so the steps that follow ask the same machine's guest what it shows.
 */
public final class LifeCycleSteps {
    /** A guest booting anew after a reset: Linux under TCG on a loaded host, as a first boot may take. */
    private static final Duration BOOT_PATIENCE = Duration.ofSeconds(90);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final ScenarioWorld world;
    private final RunningInstances instances;
    private final MigrationSteps migration;
    private int generation;

    public LifeCycleSteps(ScenarioWorld world, RunningInstances instances, MigrationSteps migration) {
        this.world = world;
        this.instances = instances;
        this.migration = migration;
    }

    @When("the {word} machine is paused and resumed")
    public void pausedAndResumed(String name) throws IOException {
        instances.get(name).qmp().execute("stop");
        migration.theMachineIs(name, "paused");
        instances.get(name).qmp().execute("cont");
        migration.theMachineIs(name, "running");
    }

    /** QMP {@code system_reset}: the guest boots again on the same memory, and its console says ready again. */
    @When("the {word} machine is reset")
    public void reset(String name) throws IOException {
        HypervisorInstance i = instances.get(name);
        i.console(); // connected before the reset, so the new guest's "ready" is heard
        i.qmp().execute("system_reset");
        i.console().awaitBootAgain(BOOT_PATIENCE);
        migration.theMachineIs(name, "running");
    }

    /** busybox {@code reboot -f} in the guest: straight to the machine's reset, no init involved. */
    @When("the {word} guest reboots")
    public void guestReboots(String name) throws IOException {
        instances.get(name).console().runResetting("reboot -f", BOOT_PATIENCE);
        migration.theMachineIs(name, "running");
    }

    /**
     * Save and restore: QMP {@code migrate} to {@code exec:cat > FILE} (every QEMU has {@code exec:}; {@code file:}
     * came in 8.2), the machine ends, and a new instance on the same command line takes the file with
     * {@code -incoming "exec:cat FILE"}.
     */
    @When("the {word} machine is saved to a file and restored from it")
    public void savedAndRestored(String name) throws IOException {
        String commandLine = instances.commandLine(name);
        migration.migrates(name, "exec:cat > {dir}/saved.vmstate");
        migration.theMigrationCompletes();
        migration.theMachineIs(name, "postmigrate");
        instances.get(name).close();
        migration.launchAs(name, nextInstanceName(name),
                commandLine + "\n-incoming 'exec:cat " + world.file("saved.vmstate") + "'");
        migration.theMachineIs(name, "running");
    }

    /** Live migration over TCP into a new instance on the same command line (and so the same backing files). */
    @When("the {word} machine migrates live to a new instance")
    public void migratesLive(String name) throws IOException {
        String commandLine = instances.commandLine(name);
        String source = name;
        HypervisorInstance old = instances.get(source);
        String destination = nextInstanceName(name);
        HypervisorInstance moved = migration.launchAs(destination, destination,
                commandLine + "\n-incoming tcp:127.0.0.1:{port}");
        migration.migrates(source, "tcp:127.0.0.1:{port}");
        migration.theMigrationCompletes();
        migration.theMachineIs(destination, "running");
        old.close();
        instances.put(name, moved, commandLine);
    }

    /** Quit, then the same command line again on the same files: what stays is what the files hold. */
    @When("the {word} machine is restarted cold")
    public void restartedCold(String name) {
        String commandLine = instances.commandLine(name);
        instances.get(name).close();
        migration.launchAs(name, nextInstanceName(name), commandLine);
        migration.theMachineIs(name, "running");
    }

    /**
     * The label area as the guest reads it ({@code ndctl read-labels -o}) is the file's last {@code size} bytes,
     * compared by MD5 digest.
     */
    @Then("the last {size} of file {string} are the label area the {word} guest reads from {word}")
    public void fileTailIsLabelArea(Long size, String file, String name, String nmem) throws IOException {
        guestRuns(name, "ndctl read-labels " + nmem + " -o labels.bin");
        assertThat(md5(file, -size, size)).as("MD5 of the last %d bytes of %s", size, file)
                .isEqualTo(guestMd5(name, "labels.bin"));
    }

    /** What the guest reads from a block device is the file's first {@code size} bytes, by MD5 digest. */
    @Then("the first {size} of file {string} are what the {word} guest reads from {word}")
    public void fileHeadIsBlockDevice(Long size, String file, String name, String device) throws IOException {
        assertThat(md5(file, 0, size)).as("MD5 of the first %d bytes of %s", size, file)
                .isEqualTo(guestMd5(name, device));
    }

    private String guestMd5(String name, String path) {
        CommandResult r = guestRuns(name, "md5sum " + path);
        return r.stdout().strip().split("\\s+")[0];
    }

    private CommandResult guestRuns(String name, String command) {
        CommandResult r = instances.run(name, command, COMMAND_TIMEOUT);
        assertThat(r.exitCode()).as("'%s' on the %s guest printed:\n%s", command, name, r.combined()).isZero();
        return r;
    }

    /** MD5 of {@code length} bytes of a scenario file from {@code offset} (negative: from its end). */
    private String md5(String file, long offset, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(world.file(file).toFile(), "r")) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            f.seek(offset < 0 ? f.length() + offset : offset);
            byte[] buf = new byte[1 << 16];
            for (long left = length; left > 0; ) {
                int n = f.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                md.update(buf, 0, n);
                left -= n;
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new instance's own name: its sockets must not be those of the instance it replaces. */
    private String nextInstanceName(String name) {
        return name + "-" + (++generation);
    }
}
