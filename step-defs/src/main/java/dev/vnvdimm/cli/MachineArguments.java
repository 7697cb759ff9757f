package dev.vnvdimm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The QEMU options a verb was given, or the kit's default machine when there are none (its backing file
 * then lives in a temporary directory that {@link #close()} removes).
 */
final class MachineArguments implements AutoCloseable {
    private final List<String> args;
    private final Path tempDir;

    private MachineArguments(List<String> args, Path tempDir) {
        this.args = args;
        this.tempDir = tempDir;
    }

    static MachineArguments of(List<String> given, PrintWriter err) throws IOException {
        if (!given.isEmpty()) {
            return new MachineArguments(List.copyOf(given), null);
        }
        Path dir = Files.createTempDirectory("vnvdimm-machine-");
        List<String> args = DefaultMachine.commandLine(dir);
        err.println("vnvdimm: no options given; default machine: " + String.join(" ", args));
        return new MachineArguments(args, dir);
    }

    List<String> args() {
        return args;
    }

    @Override
    public void close() throws IOException {
        if (tempDir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(tempDir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
