package dev.vnvdimm.emulator.acpi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs ACPICA's {@code acpiexec} (acpica-tools) in batch mode over a set of tables; skips the test if missing. */
final class AcpiExec {

    private AcpiExec() {
    }

    static void assumeInstalled() {
        assumeTrue(installed(), "acpiexec (acpica-tools) not installed: apt-get install acpica-tools to run this test");
    }

    /** Loads {@code tables} (DSDT first), runs the {@code ;}-separated debugger commands, returns the console text. */
    static String run(Path dir, String commands, byte[]... tables) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("acpiexec", "-b", commands));
        for (int i = 0; i < tables.length; i++) {
            Path t = dir.resolve("table" + i + ".aml");
            Files.write(t, tables[i]);
            cmd.add(t.toString());
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("acpiexec timed out: " + cmd);
        }
        return out;
    }

    private static boolean installed() {
        try {
            Process p = new ProcessBuilder("acpiexec", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
