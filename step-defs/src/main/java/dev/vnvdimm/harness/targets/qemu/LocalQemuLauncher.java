package dev.vnvdimm.harness.targets.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** QEMU as a process on this machine: {@code --target qemu}. Standard error goes to a file in the scenario's directory. */
public final class LocalQemuLauncher implements QemuLauncher {
    private final QemuBinary binary;

    public LocalQemuLauncher(QemuBinary binary) {
        this.binary = binary;
    }

    @Override
    public String version() {
        return binary.version();
    }

    @Override
    public String describe() {
        return binary.path().toString();
    }

    @Override
    public String accelerator(LinuxGuestImage image) {
        return binary.accelerator(image);
    }

    @Override
    public Running start(String name, List<String> options, Path dir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary.path().toString());
        command.addAll(options);
        Path stderr = dir.resolve(name + ".stderr");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new Running() {
            @Override
            public List<String> command() {
                return command;
            }

            @Override
            public Optional<Integer> exitStatus() {
                return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
            }

            @Override
            public boolean waitFor(Duration patience) throws InterruptedException {
                return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public String errorOutput() {
                try {
                    return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void kill() {
                process.destroyForcibly();
            }
        };
    }
}
