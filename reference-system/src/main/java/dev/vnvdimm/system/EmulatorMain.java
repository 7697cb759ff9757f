package dev.vnvdimm.system;

import dev.vnvdimm.emulator.QemuError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The reference system as a program of its own: {@code java -cp KIT dev.vnvdimm.system.EmulatorMain [QEMU options]}
 * runs what {@code vnvdimm emu} serves ({@link EmulatorInstance}: the machine, its guest, QMP, the guest console) in
 * its own process, the way a QEMU is one. A harness that must end it as power loss would — SIGKILL, the emulator
 * and its guest gone at once, with nothing flushed or closed on their behalf — starts it so. Files the guest's
 * commands name are relative to the working directory. A refused command line prints QEMU's words after
 * {@code vnvdimm: } and exits with status 1; otherwise the status is the instance's (0 after QMP {@code quit}).
 */
public final class EmulatorMain {
    /** How a refusal's line starts on standard error, as {@code vnvdimm emu} prints it. */
    public static final String ERROR_PREFIX = "vnvdimm: ";

    private EmulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        PrintWriter err = new PrintWriter(System.err, true);
        EmulatorInstance instance;
        try {
            instance = EmulatorInstance.start(List.of(args), Path.of("").toAbsolutePath(), err);
        } catch (QemuError e) {
            err.println(ERROR_PREFIX + e.describe());
            System.exit(1);
            return;
        }
        instance.machine().warnings().forEach(w -> err.println(ERROR_PREFIX + w));
        int status;
        try {
            status = instance.awaitExit();
        } finally {
            instance.close();
        }
        System.exit(status);
    }
}
