package dev.vnvdimm.acpica;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** ACPICA's AML interpreter in a command-line shell, {@code acpiexec}: loads tables and runs debugger commands. */
public final class Acpiexec {
    public static final ExternalTool TOOL = new ExternalTool("acpiexec", "acpica-tools");

    private static final long TIMEOUT_SECONDS = 60;

    private Acpiexec() {
    }

    /**
     * Loads {@code tables} (the DSDT first), each from a new file in {@code dir}, runs the {@code ;}-separated
     * debugger {@code commands} in batch mode ({@code -b}) and returns the console text. acpiexec's own loop limit
     * ends a runaway While loop; the time limit here only guards against a hung process.
     *
     * @throws IOException acpiexec is not installed, or did not finish in time
     */
    public static String batch(Path dir, String commands, byte[]... tables) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-b", commands));
        for (byte[] table : tables) {
            Path file = Files.createTempFile(dir, "table", ".aml");
            Files.write(file, table);
            args.add(file.toString());
        }
        return TOOL.run(dir, args, TIMEOUT_SECONDS).output();
    }
}
