package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.MachineUnderTest;
import dev.vnvdimm.harness.targets.Target;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@link Target}'s machines as a side of the comparison: each in a folder of its own under the temporary folder
 * (which the container targets bind), its requests sent with {@link MachineUnderTest#dsmRoundTrip} — on QEMU the
 * paused probe the scenarios use — and its label areas read from the backing files.
 */
public final class TargetDsmSide implements DsmSide {
    /** The page DsmSteps puts requests in: ordinary RAM at 1 MiB, so a reproducer sees what the fuzzer saw. */
    static final long PAGE = 0x100000;

    private final Target target;

    public TargetDsmSide(Target target) {
        this.target = target;
    }

    @Override
    public String name() {
        return target.name();
    }

    public Target target() {
        return target;
    }

    @Override
    public Machine start(FuzzMachine machine) {
        Path dir;
        try {
            dir = Files.createTempDirectory("vnvdimm-fuzz-");
            if (machine.prepared().isPresent()) {
                machine.prepared().get().create(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("preparing the folder of fuzz machine '" + machine.name() + "'", e);
        }
        BootOutcome outcome = target.start(machine.options(dir));
        if (outcome instanceof BootOutcome.Refused r) {
            delete(dir);
            throw new Refused(target.name() + " refused the machine with " + machine.name() + ": " + r.errorLine());
        }
        return new Running(((BootOutcome.Started) outcome).machine(), machine, dir);
    }

    private static final class Running implements Machine {
        private final MachineUnderTest machine;
        private final FuzzMachine config;
        private final Path dir;

        Running(MachineUnderTest machine, FuzzMachine config, Path dir) {
            this.machine = machine;
            this.config = config;
            this.dir = dir;
        }

        @Override
        public Map<String, byte[]> labelAreas() {
            Map<String, byte[]> areas = new LinkedHashMap<>();
            for (FuzzMachine.Nvdimm n : config.nvdimms()) {
                try (RandomAccessFile f = new RandomAccessFile(dir.resolve(n.file()).toFile(), "r")) {
                    byte[] b = new byte[FuzzMachine.LABEL_AREA];
                    f.seek(f.length() - b.length);
                    f.readFully(b);
                    areas.put(n.file(), b);
                } catch (IOException e) {
                    throw new UncheckedIOException("reading the label area of " + dir.resolve(n.file()), e);
                }
            }
            return areas;
        }

        @Override
        public byte[] fit() {
            byte[] nfit = machine.acpiTables().get(Nfit.SIGNATURE);
            if (nfit == null) {
                throw new IllegalStateException("the machine '" + config.name() + "' has no NFIT");
            }
            return Arrays.copyOfRange(nfit, Nfit.STRUCTURES, nfit.length);
        }

        @Override
        public DsmObservation send(DsmRequest request, int replyBytes) {
            byte[] reply;
            try {
                reply = machine.dsmRoundTrip(PAGE, request.page(), replyBytes);
            } catch (RuntimeException e) { // QEMU ended (its last words are the message), or the reference threw
                String said = e.getMessage() == null ? e.toString()
                        : e instanceof IllegalStateException ? e.getMessage() : e.getClass().getSimpleName() + ": "
                        + e.getMessage();
                return new DsmObservation.Ended(said);
            }
            return new DsmObservation.Answered(reply, labelAreas());
        }

        @Override
        public void close() {
            try {
                machine.close();
            } finally {
                delete(dir);
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("vnvdimm fuzz: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
