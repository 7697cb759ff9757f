package dev.vnvdimm.harness.targets.qemu;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;

/**
 * One long-lived container of a QEMU image in which each QEMU of a run is a process of its own ({@code docker exec}),
 * instead of each QEMU being a container: a QEMU that refuses its command line took 0.75–0.9 s from start to end
 * in a container of its own, 0.15–0.3 s as an exec. The container shares the host's network (loopback migration addresses) and
 * has the run's folders bound at their host paths, as a per-QEMU container would; Docker's init reaps what QEMU
 * leaves. A QEMU's standard error arrives on the exec's stream; its exit status is the exec's; it is killed with SIGKILL
 * from this host when the engine runs here (its process id in the host's namespace, from Docker), else by its process
 * id inside the container, which the shell that starts it prints before it becomes QEMU.
 */
final class ContainerProcessHost {
    private final GenericContainer<?> container;
    private final Set<String> readWrite;
    private final Set<String> readOnly;

    private ContainerProcessHost(GenericContainer<?> container, Set<String> readWrite, Set<String> readOnly) {
        this.container = container;
        this.readWrite = Set.copyOf(readWrite);
        this.readOnly = Set.copyOf(readOnly);
    }

    /** Starts the container, with {@code readWrite} and {@code readOnly} folders bound at their own paths. */
    static ContainerProcessHost start(GenericContainer<?> container, Set<String> readWrite, Set<String> readOnly) {
        container.withNetworkMode("host")
                .withCommand("sleep", "infinity")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withInit(true));
        readWrite.forEach(folder -> container.withFileSystemBind(folder, folder, BindMode.READ_WRITE));
        readOnly.forEach(folder -> container.withFileSystemBind(folder, folder, BindMode.READ_ONLY));
        container.start();
        return new ContainerProcessHost(container, readWrite, readOnly);
    }

    /** Whether a QEMU that needs these folders finds them here. */
    boolean binds(Set<String> neededReadWrite, Set<String> neededReadOnly) {
        return neededReadWrite.stream().allMatch(f -> readWrite.stream().anyMatch(f::startsWith))
                && neededReadOnly.stream().allMatch(f -> readOnly.contains(f)
                        || readWrite.stream().anyMatch(f::startsWith));
    }

    /** Runs {@code command} (program first) in {@code dir}. */
    QemuLauncher.Running exec(List<String> command, Path dir) throws IOException {
        List<String> shell = new ArrayList<>(List.of("sh", "-c", "echo $$; exec \"$@\"", "sh"));
        shell.addAll(command);
        DockerClient docker = container.getDockerClient();
        String id = docker.execCreateCmd(container.getContainerId()).withCmd(shell.toArray(String[]::new))
                .withWorkingDir(dir.toString()).withAttachStdout(true).withAttachStderr(true).exec().getId();
        ExecProcess process = new ExecProcess(docker, id, command);
        docker.execStartCmd(id).exec(process.output);
        process.findOnThisHost();
        return process;
    }

    /** Removes the container and every process still in it. */
    void release() {
        container.stop();
    }

    /** A QEMU running as an exec of the container. */
    private final class ExecProcess implements QemuLauncher.Running {
        private final DockerClient docker;
        private final String execId;
        private final List<String> command;
        private final StringBuffer errors = new StringBuffer();
        private final CompletableFuture<Integer> pid = new CompletableFuture<>();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile Integer status;
        private final Instant created;
        private final CompletableFuture<Optional<ProcessHandle>> onThisHost = new CompletableFuture<>();
        final ResultCallback.Adapter<Frame> output = new ResultCallback.Adapter<>() {
            private final StringBuilder stdout = new StringBuilder();

            @Override
            public void onNext(Frame frame) {
                String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                switch (frame.getStreamType()) {
                    case STDERR -> errors.append(text);
                    default -> {
                        stdout.append(text);
                        int eol = stdout.indexOf("\n");
                        if (!pid.isDone() && eol >= 0) {
                            pid.complete(Integer.parseInt(stdout.substring(0, eol).strip()));
                        }
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                errors.append("(the container's output stream broke: ").append(t).append(")\n");
                ended.countDown();
            }

            @Override
            public void onComplete() {
                ended.countDown();
            }
        };

        ExecProcess(DockerClient docker, String execId, List<String> command) {
            this.created = Instant.now();
            this.docker = docker;
            this.execId = execId;
            this.command = List.copyOf(command);
        }

        @Override
        public List<String> command() {
            List<String> shown = new ArrayList<>(List.of("docker", "exec", container.getContainerName().replace("/", "")));
            shown.addAll(command);
            return shown;
        }

        @Override
        public Optional<Integer> exitStatus() {
            if (ended.getCount() > 0) {
                return Optional.empty();
            }
            if (status == null) {
                InspectExecResponse r = docker.inspectExecCmd(execId).exec();
                status = r.getExitCodeLong() == null ? -1 : r.getExitCodeLong().intValue();
            }
            return Optional.of(status);
        }

        @Override
        public boolean waitFor(Duration patience) throws InterruptedException {
            return ended.await(patience.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public String errorOutput() {
            return errors.toString();
        }

        @Override
        public void kill() {
            if (ended.getCount() == 0) {
                return;
            }
            Optional<ProcessHandle> here = Optional.empty();
            if (pid.isDone()) { // else it ended or never started: nothing was looked for
                try {
                    here = onThisHost.get(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // killed through the container, then
                }
            }
            if (here.isPresent()) {
                here.get().destroyForcibly();
                return;
            }
            try {
                int target = pid.get(10, TimeUnit.SECONDS);
                String killer = docker.execCreateCmd(container.getContainerId())
                        .withCmd("sh", "-c", "kill -9 " + target).exec().getId();
                docker.execStartCmd(killer).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // it ended, or never said its process id: nothing left to kill
            }
        }

        /** Looks for {@link #hostProcess()} once QEMU has started, so a kill need not wait for Docker's answer. */
        void findOnThisHost() {
            pid.whenCompleteAsync((inContainer, e) -> onThisHost.complete(e == null ? hostProcess()
                    : Optional.empty()));
        }

        /**
         * The QEMU as a process of this host, when the Docker engine runs here: the exec's process id in the host's
         * namespace (Docker's exec inspection), provided that process is a QEMU started since this exec was made.
         * SIGKILL from here is immediate; a kill -9 through docker exec takes 50-200 ms (an exec created and
         * started), in which a guest goes on writing its labels.
         */
        private Optional<ProcessHandle> hostProcess() {
            try {
                Long hostPid = docker.inspectExecCmd(execId).exec().getPidLong();
                for (int tries = 0; hostPid != null && hostPid > 0 && tries < 50; tries++) {
                    Optional<ProcessHandle> p = ProcessHandle.of(hostPid)
                            .filter(h -> h.info().startInstant().map(t -> !t.isBefore(created.minusSeconds(1)))
                                    .orElse(false));
                    if (p.isEmpty() || p.get().info().command().map(c -> c.contains("qemu-system")).orElse(false)) {
                        return p;
                    }
                    Thread.sleep(10); // the shell that printed its process id may not have become QEMU yet
                }
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty(); // an engine elsewhere, or an exec already gone: docker exec kill -9 it is
            }
        }

        /** Ends QEMU if it still runs, and waits for its end, so its last words are kept. */
        @Override
        public void release() {
            kill();
            try {
                ended.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
