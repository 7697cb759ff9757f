package dev.vnvdimm.harness.targets.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.wire.QmpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Boot once, restore many. Under TCG almost all of a QEMU scenario's time is Linux booting, and most scenarios
 * boot the same few command lines on fresh files. The second time a command line's guest is used, this boots it
 * once more in a folder of its own, saves the booted machine with QEMU's own migration to a file
 * ({@code migrate exec:cat > FILE}, which every QEMU version has), and keeps the backing files as they were then.
 * Every later scenario with that command line gets a copy of those files and a QEMU started with
 * {@code -incoming} from the saved stream, which needs no boot: the guest continues where the saved one stood,
 * at its console prompt, and the console resynchronises as it does after any migration.
 *
 * <p>Sound because such a machine is in the state a boot would leave it in: the same QEMU, kernel, initramfs and
 * command line (the scenario's folder abstracted), and backing files that did not exist before either QEMU
 * started, so both QEMUs created them. A machine is booted for real instead when the scenario asks for it
 * ({@code @real-boot}: it is about booting) or resets its machine ({@code @reboots}: it runs without
 * {@code -no-reboot}, another command line than the saved machine's; {@code QemuTarget} never asks then), when any
 * backing file exists beforehand (prepared by the scenario,
 * or a restart), when the command line names a file outside the scenario's folder, is itself incoming or paused,
 * or maps a backend read-only; and whenever saving or restoring fails, with a line on standard error saying so.
 * {@code -Dvnvdimm.qemu.restore=off} boots every machine for real; a check in {@code mvn verify} runs features
 * both ways and requires the same verdicts.
 */
final class SavedMachineStates {
    private static final Pattern MEM_PATH = Pattern.compile("(?:^|,)mem-path=([^,]+)");
    /** Options after which a machine is not one that simply boots: it waits for a stream, or for {@code cont}. */
    private static final Set<String> NOT_A_PLAIN_BOOT = Set.of("-incoming", "-S", "-loadvm", "-snapshot",
            "-mem-path");
    private static final Duration MIGRATION_PATIENCE = Duration.ofSeconds(120);

    private final QemuLauncher qemu;
    private final LinuxGuestImage image;
    private final Set<Key> guestUsed = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Key, CompletableFuture<Optional<SavedState>>> saved = new ConcurrentHashMap<>();
    private final AtomicInteger restored = new AtomicInteger();
    private final AtomicInteger bootedForReal = new AtomicInteger();
    /** This target's saved states' folders (about 100 MB each), removed when the run moves on to another target. */
    private final Set<Path> folders = ConcurrentHashMap.newKeySet();

    /** Whether restoring is on for this run ({@code --boot-every-machine} turns it off). */
    private final boolean enabled;

    SavedMachineStates(QemuLauncher qemu, LinuxGuestImage image, boolean enabled) {
        this.qemu = qemu;
        this.image = image;
        this.enabled = enabled;
    }

    /** A command line with its scenario's folder abstracted, on one QEMU and guest image. */
    record Key(String qemu, Path kernel, Path initrd, List<String> options) {
    }

    /** A machine that may come from a saved state: its key and the backing files its command line creates. */
    record Candidate(Key key, Path scenarioDirectory, List<Path> files) {
    }

    /** A booted machine saved: the migration stream, and the folder holding its backing files as they were. */
    private record SavedState(Path folder, Path stream) {
    }

    /** The machine as a restore candidate, or empty when it must boot for real (see the class comment). */
    Optional<Candidate> candidate(List<String> options, Path scenarioDirectory, boolean bootForReal) {
        if (bootForReal || !enabled || scenarioDirectory == null) {
            return Optional.empty();
        }
        String folder = scenarioDirectory.toString();
        List<Path> files = new ArrayList<>();
        for (String option : options) {
            if (NOT_A_PLAIN_BOOT.contains(option) || option.contains("readonly=on") || option.contains("rom=on")) {
                return Optional.empty();
            }
            Matcher m = MEM_PATH.matcher(option);
            while (m.find()) {
                Path file = Path.of(m.group(1));
                if (!file.startsWith(scenarioDirectory) || Files.exists(file)) {
                    return Optional.empty();
                }
                files.add(file);
            }
            if (MEM_PATH.matcher(option).replaceAll("").contains("/")) {
                return Optional.empty(); // some other file, which two machines would share
            }
        }
        List<String> abstracted = options.stream().map(o -> o.replace(folder, "{dir}")).toList();
        Key key = new Key(qemu.describe(), image.kernel(), image.initrd(), abstracted);
        return Optional.of(new Candidate(key, scenarioDirectory, List.copyOf(files)));
    }

    /** Notes that a machine booted for real with this key had its guest used: the next one is worth saving. */
    void guestUsed(Candidate c) {
        guestUsed.add(c.key());
    }

    /** Counts a machine that booted for real. */
    void bootedForReal() {
        bootedForReal.incrementAndGet();
    }

    /**
     * The candidate's machine restored from its saved state, saving that state first when a machine with the
     * same key has had its guest used before; empty when it should boot for real.
     */
    Optional<QemuProcess> restore(Candidate c, String name, List<String> options, Path dir) {
        if (!guestUsed.contains(c.key())) {
            return Optional.empty();
        }
        CompletableFuture<Optional<SavedState>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<SavedState>> state = saved.putIfAbsent(c.key(), mine);
        if (state == null) { // this thread saves it; others with the same key wait for it
            state = mine;
            mine.complete(save(c, options));
        }
        Optional<SavedState> s = state.join();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        List<Path> copied = new ArrayList<>();
        QemuProcess p = null;
        try {
            for (Path file : c.files()) {
                copy(s.get().folder().resolve(c.scenarioDirectory().relativize(file)), file);
                copied.add(file);
            }
            List<String> incoming = new ArrayList<>(options);
            incoming.addAll(List.of("-incoming", "exec:cat " + s.get().stream()));
            p = QemuProcess.start(qemu, image, name, incoming, dir);
            awaitIncoming(p);
            if (!p.qmp().execute("query-status").path("running").asBoolean()) {
                p.qmp().execute("cont");
            }
            restored.incrementAndGet();
            return Optional.of(p);
        } catch (IOException | RuntimeException e) {
            if (p != null) {
                p.close();
            }
            copied.forEach(SavedMachineStates::deleteQuietly); // the real boot must find no files, as the key says
            System.err.println("vnvdimm: restoring the saved booted machine failed (" + e.getMessage()
                    + "); booting it for real");
            return Optional.empty();
        }
    }

    /** Boots the machine in a folder of its own, saves it once its guest is ready, and keeps its files. */
    private Optional<SavedState> save(Candidate c, List<String> options) {
        Path folder;
        try {
            folder = Files.createTempDirectory("vnvdimm-saved-state-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FOLDERS.add(folder);
        folders.add(folder);
        String scenarioFolder = c.scenarioDirectory().toString();
        List<String> own = options.stream().map(o -> o.replace(scenarioFolder, folder.toString())).toList();
        Path stream = folder.resolve("booted.migration");
        try (QemuProcess p = QemuProcess.start(qemu, image, "booted", own, folder)) {
            List<String> notes = p.console().initNotes();
            if (!notes.isEmpty()) { // a machine whose probe did not finish is no state to start others from
                return Optional.empty();
            }
            QmpClient qmp = p.qmp();
            qmp.execute("stop");
            qmp.execute("migrate", QmpClient.args().put("uri", "exec:cat > " + stream));
            String status = awaitOutgoing(qmp);
            if (!status.equals("completed")) {
                System.err.println("vnvdimm: saving the booted machine ended " + status + "; booting for real");
                return Optional.empty();
            }
            return Optional.of(new SavedState(folder, stream));
        } catch (Target.RefusedException e) {
            return Optional.empty(); // the scenario's own start will be refused too, and say so
        } catch (IOException | RuntimeException e) {
            System.err.println("vnvdimm: saving the booted machine failed (" + e.getMessage() + "); booting for real");
            return Optional.empty();
        }
    }

    private static String awaitOutgoing(QmpClient qmp) throws IOException {
        long deadline = System.nanoTime() + MIGRATION_PATIENCE.toNanos();
        while (true) {
            JsonNode m = qmp.execute("query-migrate");
            String status = m.path("status").asText("");
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                return status.equals("failed") ? status + ": " + m.path("error-desc").asText("") : status;
            }
            if (System.nanoTime() > deadline) {
                return "unfinished after " + MIGRATION_PATIENCE.toSeconds() + " s (" + status + ")";
            }
            sleep();
        }
    }

    /** Waits until QEMU has loaded the stream: its run state leaves {@code inmigrate}. */
    private static void awaitIncoming(QemuProcess p) throws IOException {
        long deadline = System.nanoTime() + MIGRATION_PATIENCE.toNanos();
        while (p.qmp().execute("query-status").path("status").asText().equals("inmigrate")) {
            if (p.exitStatus().isPresent() || System.nanoTime() > deadline) {
                throw new IOException("QEMU did not load the saved state: " + p.stderrText().strip());
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a migration");
        }
    }

    /** A sparse-preserving copy (cp keeps holes, and shares blocks where the file system can). */
    private static void copy(Path from, Path to) throws IOException {
        Process cp = new ProcessBuilder("cp", "--reflink=auto", "--preserve=mode", from.toString(), to.toString())
                .redirectErrorStream(true).start();
        try {
            String said = new String(cp.getInputStream().readAllBytes()).strip();
            if (cp.waitFor() != 0) {
                throw new IOException("cp " + from + " " + to + ": " + said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted copying " + from);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the scenario's folder goes at its end anyway
        }
    }

    /** How machines came up so far: restored, booted for real, and how many states were saved. */
    String summary() {
        long states = saved.values().stream().filter(f -> f.isDone() && f.join().isPresent()).count();
        return restored.get() + " machines restored from " + states + " saved booted states, " + bootedForReal.get()
                + " booted for real";
    }

    int restoredCount() {
        return restored.get();
    }

    /** Removes this target's saved states: no later machine will start from them. */
    void discard() {
        saved.clear();
        for (Path folder : folders) {
            deleteTree(folder);
            FOLDERS.remove(folder);
        }
        folders.clear();
    }

    /** Every saved state's folder, removed when the run ends. */
    private static final Set<Path> FOLDERS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FOLDERS.forEach(SavedMachineStates::deleteTree),
                "vnvdimm-saved-states-cleanup"));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(SavedMachineStates::deleteQuietly);
        } catch (IOException ignored) {
            // already gone
        }
    }
}
