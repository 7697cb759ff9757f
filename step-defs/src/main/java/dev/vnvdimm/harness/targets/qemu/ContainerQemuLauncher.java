package dev.vnvdimm.harness.targets.qemu;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.LogUtils;

/**
 * QEMU inside a Testcontainers container made from a locally built image ({@code local/vnvdimm-qemu:VERSION},
 * see {@code guest-images/qemu-containers/}): {@code --target qemu-container:VERSION}. The temporary directory
 * and the guest image are bind-mounted at their host paths, so the scenario's command line, its backing files
 * and the unix sockets QEMU creates mean the same inside and out; the host's network namespace makes loopback
 * migration addresses mean the same too. Nothing is pulled from a registry; Ryuk is
 * off, so every container is stopped and removed here.
 */
public final class ContainerQemuLauncher implements QemuLauncher {
    public static final String REPOSITORY = "local/vnvdimm-qemu";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Containers not yet removed, by what removes them: with Ryuk off, a JVM must remove them itself. */
    private static final Set<Runnable> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(Runnable::run),
                "vnvdimm-container-reaper"));
    }

    private final String tag;
    private final DockerImageName image;
    private final String version;
    /** Where this launcher's QEMUs run as processes; started with the first. */
    private ContainerProcessHost processHost;

    private ContainerQemuLauncher(String tag, String version) {
        this.tag = tag;
        this.image = DockerImageName.parse(REPOSITORY + ":" + tag);
        this.version = version;
    }

    /** Why containers cannot run here, if they cannot: no Docker engine, Testcontainers not told to stay local, or no image. */
    public static Optional<String> unavailable(String tag) {
        for (String variable : List.of("TESTCONTAINERS_RYUK_DISABLED", "TESTCONTAINERS_CHECKS_DISABLE")) {
            if (!"true".equals(System.getenv(variable))) {
                return Optional.of(variable + "=true is not set (without it Testcontainers tries to pull images from "
                        + "a registry; ./vnvdimm and the Maven build set it)");
            }
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("no Docker engine answers (start dockerd; Debian: apt-get install docker.io)");
        }
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(REPOSITORY + ":" + tag).exec();
        } catch (NotFoundException e) {
            return Optional.of("image " + REPOSITORY + ":" + tag + " is not built (guest-images/qemu-containers/"
                    + "build-container-image.sh " + suiteFor(tag) + ")");
        }
        return Optional.empty();
    }

    /** The Debian release whose QEMU has this version, for the hint above. */
    static String suiteFor(String tag) {
        return switch (tag) {
            case "5.2" -> "bullseye";
            case "7.2" -> "bookworm";
            case "10.0" -> "trixie";
            case "11.1" -> "sid";
            default -> "SUITE";
        };
    }

    /** The launcher for {@code local/vnvdimm-qemu:TAG}, asking the image for its exact QEMU version. */
    public static ContainerQemuLauncher of(String tag) {
        unavailable(tag).ifPresent(why -> {
            throw new IllegalStateException("the qemu-container:" + tag + " target cannot run: " + why);
        });
        try (GenericContainer<?> probe = container(DockerImageName.parse(REPOSITORY + ":" + tag), "version")
                .withCommand("qemu-system-x86_64", "--version")) {
            probe.start();
            DockerClient docker = probe.getDockerClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Boolean.TRUE.equals(docker.inspectContainerCmd(probe.getContainerId()).exec().getState().getRunning())
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String out = LogUtils.getOutput(docker, probe.getContainerId(), OutputFrame.OutputType.STDOUT);
            String first = out.lines().findFirst().orElse("");
            String version = first.replaceFirst("^QEMU emulator version ", "").replaceFirst(" .*", "");
            return new ContainerQemuLauncher(tag, version.isEmpty() ? tag : version);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + REPOSITORY + ":" + tag + " for its version");
        }
    }

    private static GenericContainer<?> container(DockerImageName image, String name) {
        return new GenericContainer<>(image)
                .withImagePullPolicy(ignored -> false)
                // QEMU may refuse its command line and exit at once; that is an answer, not a failed start
                .withStartupCheckStrategy(new StartupCheckStrategy() {
                    @Override
                    public StartupStatus checkStartupState(DockerClient docker, String id) {
                        return StartupStatus.SUCCESSFUL;
                    }
                })
                .waitingFor(new AbstractWaitStrategy() {
                    @Override
                    protected void waitUntilReady() {
                        // readiness is QEMU's QMP socket, which QemuProcess waits for
                    }
                })
                .withCreateContainerCmdModifier(cmd -> cmd.withName("vnvdimm-" + name + "-" + ProcessHandle.current()
                        .pid() + "-" + SEQUENCE.incrementAndGet()));
    }

    public String tag() {
        return tag;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String describe() {
        return "container " + image.asCanonicalNameString();
    }

    /** Containers get no {@code /dev/kvm}. */
    @Override
    public String accelerator(LinuxGuestImage image) {
        return "tcg";
    }

    /**
     * Runs QEMU as a process of this launcher's long-lived container (see {@link ContainerProcessHost}), or in a
     * container of its own when it needs a folder that container does not have bound.
     */
    @Override
    public Running start(String name, List<String> options, Path dir) throws IOException {
        List<String> qemu = new ArrayList<>();
        qemu.add("qemu-system-x86_64");
        qemu.addAll(options);
        Set<String> readWrite = new TreeSet<>();
        String tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath().toString();
        readWrite.add(tmp);
        Path realDir = dir.toRealPath();
        if (!realDir.startsWith(tmp)) {
            readWrite.add(realDir.toString());
        }
        Set<String> readOnly = new TreeSet<>();
        for (int i = 0; i + 1 < options.size(); i++) {
            // the guest image lives in the kit's build folder: read-only at its own path
            if (options.get(i).equals("-kernel") || options.get(i).equals("-initrd")) {
                readOnly.add(Path.of(options.get(i + 1)).getParent().toString());
            }
        }
        readOnly.removeAll(readWrite);
        Optional<ContainerProcessHost> host = processHost(readWrite, readOnly);
        if (host.isPresent()) {
            return host.get().exec(qemu, dir);
        }
        GenericContainer<?> container = container(image, name)
                // the host's network: a migration's tcp:127.0.0.1:PORT must reach the other QEMU, in its own container
                .withNetworkMode("host")
                .withWorkingDirectory(dir.toString())
                .withCommand(qemu.toArray(String[]::new));
        readWrite.forEach(folder -> container.withFileSystemBind(folder, folder, BindMode.READ_WRITE));
        readOnly.forEach(folder -> container.withFileSystemBind(folder, folder, BindMode.READ_ONLY));
        container.start();
        List<String> command = new ArrayList<>(List.of("docker", "run", image.asCanonicalNameString()));
        command.addAll(qemu);
        ContainerRun run = new ContainerRun(container, List.copyOf(command));
        LIVE.add(run.reaper);
        return run;
    }

    /** The container this launcher's QEMUs run in, if it has {@code readWrite} and {@code readOnly} bound. */
    private synchronized Optional<ContainerProcessHost> processHost(Set<String> readWrite, Set<String> readOnly) {
        if (processHost == null) {
            ContainerProcessHost started = ContainerProcessHost.start(container(image, "processes"), readWrite, readOnly);
            LIVE.add(started::release);
            processHost = started;
        }
        return processHost.binds(readWrite, readOnly) ? Optional.of(processHost) : Optional.empty();
    }

    /** A QEMU container: alive while the container runs; its logs are QEMU's standard error. */
    private static final class ContainerRun implements Running {
        private final GenericContainer<?> container;
        private final List<String> command;
        private volatile String finalErrors;
        private volatile int finalStatus;
        /** This container's entry among those the JVM removes at its end, until it is removed here. */
        final Runnable reaper = this::release;

        ContainerRun(GenericContainer<?> container, List<String> command) {
            this.container = container;
            this.command = command;
        }

        private InspectContainerResponse.ContainerState state() {
            return container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec().getState();
        }

        @Override
        public List<String> command() {
            return command;
        }

        @Override
        public Optional<Integer> exitStatus() {
            if (finalErrors != null) {
                return Optional.of(finalStatus);
            }
            InspectContainerResponse.ContainerState state = state();
            return Boolean.TRUE.equals(state.getRunning()) ? Optional.empty()
                    : Optional.of(state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue());
        }

        @Override
        public boolean waitFor(Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (exitStatus().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(pollInterval().toMillis());
            }
            return true;
        }

        @Override
        public String errorOutput() {
            String kept = finalErrors;
            return kept != null ? kept : LogUtils.getOutput(container.getDockerClient(), container.getContainerId(),
                    OutputFrame.OutputType.STDERR);
        }

        @Override
        public void kill() {
            if (finalErrors == null && exitStatus().isEmpty()) {
                try {
                    container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
                } catch (RuntimeException e) {
                    // it ended between the two calls
                }
            }
        }

        @Override
        public synchronized void release() {
            if (finalErrors == null) {
                String errors = errorOutput();
                finalStatus = exitStatus().orElse(-1);
                container.stop();
                finalErrors = errors;
                LIVE.remove(reaper);
            }
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofMillis(100);
        }
    }
}
