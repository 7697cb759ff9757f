package dev.vnvdimm.system.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.qmp.RunState;
import dev.vnvdimm.system.EmulatorInstance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The machine the load runs on — one NVDIMM with a 128 KiB label area in a file — and what a management tool
 * does with it: start it with a QMP socket, and migrate it live to a destination started with {@code -incoming}.
 */
public final class LoadMachine {
    public static final String NVDIMM_ID = "nv1";
    public static final int LABEL_SIZE = 128 << 10;
    /** The NVDIMM's size as {@code query-memory-devices} reports it: its 16 MiB backend less the label area. */
    public static final long NVDIMM_SIZE = (16L << 20) - LABEL_SIZE;
    /** The NVDIMM as the guest sees it: slot 0, NFIT handle 1. */
    public static final String NVDIMM_DEVICE = "\\_SB.NVDR.NV00";
    /** How often a migration's progress is asked for. */
    private static final long POLL_MILLIS = 5;

    private LoadMachine() {
    }

    /** The command line of a machine whose NVDIMM lives in {@code file}, plus {@code more}. */
    public static String options(Path file, String more) {
        return "-machine pc,nvdimm=on -m 128M,slots=2,maxmem=1G -object memory-backend-file,id=mem1,share=on,"
                + "mem-path=" + file + ",size=16M -device nvdimm,id=" + NVDIMM_ID
                + ",memdev=mem1,label-size=128K " + more;
    }

    /** Starts a machine with its QMP monitor on {@code qmp}; the reference guest boots on it as in {@code vnvdimm emu}. */
    public static EmulatorInstance start(Path dir, Path file, Path qmp, PrintWriter log) throws IOException {
        return EmulatorInstance.start(CommandLineTokenizer.split(options(file, "-qmp unix:" + qmp
                + ",server=on,wait=off")), dir, log);
    }

    /** The label area as it is in the backing file now (a shared mapping: the file shows the guest's last write). */
    public static byte[] labelArea(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOfRange(all, all.length - LABEL_SIZE, all.length);
    }

    /** A destination for {@link #migrate}: the same machine on {@code file}, waiting on a unix socket ({@code -incoming}). */
    public static EmulatorInstance destination(Path dir, Path file, Path socket, PrintWriter log) throws IOException {
        return EmulatorInstance.start(CommandLineTokenizer.split(options(file, "-incoming unix:" + socket)), dir, log);
    }

    /**
     * One live migration to the destination waiting on {@code socket}: the source told {@code migrate} through
     * its monitor, {@code query-migrate} asked until the migration ended. The source is left paused
     * ({@code postmigrate}) as QEMU leaves it.
     *
     * @throws IllegalStateException when the migration did not complete, with what {@code query-migrate} said
     */
    public static void migrate(QmpConnection source, Path socket) throws IOException, InterruptedException {
        source.execute("migrate", QmpConnection.arguments().put("uri", "unix:" + socket));
        JsonNode r;
        do {
            Thread.sleep(POLL_MILLIS);
            r = source.execute("query-migrate", null);
        } while (!Arrays.asList("completed", "failed", "cancelled").contains(r.path("status").asText()));
        if (!r.path("status").asText().equals("completed")) {
            throw new IllegalStateException("the migration ended " + r);
        }
    }

    /** Waits for a destination to have loaded the migration and to run the guest. */
    public static void awaitRunning(EmulatorInstance destination) throws InterruptedException {
        while (destination.monitor().state() == RunState.INMIGRATE && !destination.exited()) {
            Thread.sleep(POLL_MILLIS);
        }
        if (destination.monitor().state() != RunState.RUNNING) {
            throw new IllegalStateException("the destination is " + destination.monitor().state().qmpName()
                    + (destination.exited() ? ", ended" : ""));
        }
    }
}
