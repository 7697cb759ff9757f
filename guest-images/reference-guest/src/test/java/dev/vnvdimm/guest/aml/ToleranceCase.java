package dev.vnvdimm.guest.aml;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One case of the tolerance suite ({@link ToleranceCases}): firmware AML that is imperfect on purpose (or a real
 * hypervisor's table), the tables as a machine would list them (the DSDT first; SSDTs are loaded, other signatures
 * only listed for LoadTable), and the outcome the reference guest's interpreter must reach, which ACPICA's acpiexec
 * must reach too unless the case says what acpiexec does instead and why.
 *
 * <p>An outcome is one line: the result of {@code \MAIN} (its one-line form, or {@code error STATUS}), then
 * {@code !}, then every AML exception the run raised in order — the terms a load skipped, the errors of the
 * {@link #before} evaluations and of {@code \MAIN} — e.g. {@code int 0x4 ! AE_ALREADY_EXISTS}, a run of one status
 * written once with its count ({@code AE_ALREADY_EXISTS*51}). acpiexec's exceptions are the ones its {@code -vh}
 * handler reports.
 *
 * @param name        what the case shows
 * @param tables      the tables, DSDT first
 * @param before      methods evaluated before {@code \MAIN}, their errors part of the outcome
 * @param loopSeconds the While timeout, on both sides ({@code acpiexec -to})
 * @param pciOnes     acpiexec fills its simulated regions with 0xFF ({@code -fv 0xFF}), as an absent PCI function
 *                    reads
 * @param expected    the interpreter's outcome
 * @param fatals      how many Fatal warnings the interpreter records (acpiexec prints nothing for a Fatal)
 * @param acpiGives   acpiexec's outcome where it differs, else null
 * @param acpiWhy     why it differs, else null
 */
record ToleranceCase(String name, List<Table> tables, List<String> before, int loopSeconds, boolean pciOnes,
                     String expected, int fatals, String acpiGives, String acpiWhy) {
    static final String SEPARATOR = " !";

    /** A table of the case: compiled from ASL, or a golden table read from the test classpath. */
    sealed interface Table permits Asl, Golden, HostFile {
        byte[] bytes(Path dir) throws IOException, InterruptedException;
    }

    /** ASL compiled with iasl's {@code -f} (the suite's programs are imperfect on purpose), its AML committed. */
    record Asl(String source) implements Table {
        @Override
        public byte[] bytes(Path dir) throws IOException, InterruptedException {
            return CompiledAsl.compile(dir, source, CompiledAsl.FORCED_FLAGS);
        }
    }

    /** A golden table ({@code /golden/...} on the classpath), optionally under another signature. */
    record Golden(String resource, String signature) implements Table {
        @Override
        public byte[] bytes(Path dir) throws IOException {
            byte[] b = read(resource);
            if (signature != null) {
                return withSignature(b, signature);
            }
            return b;
        }
    }

    /** A table installed on this machine by a package (SeaBIOS's DSDT), optionally under another signature. */
    record HostFile(Path file, String signature) implements Table {
        @Override
        public byte[] bytes(Path dir) throws IOException {
            byte[] b = Files.readAllBytes(file);
            return signature == null ? b : withSignature(b, signature);
        }
    }

    static byte[] read(String resource) throws IOException {
        try (InputStream in = ToleranceCase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    /** {@code table} with another signature and its checksum made right again. */
    static byte[] withSignature(byte[] table, String signature) {
        byte[] b = table.clone();
        byte[] sig = signature.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sig, 0, b, AcpiTableHeader.SIGNATURE, sig.length);
        return withChecksum(b);
    }

    /** {@code table} with its header checksum set so that all its bytes sum to zero. */
    static byte[] withChecksum(byte[] table) {
        byte[] b = table.clone();
        AcpiTableHeader.fixChecksum(b, AcpiTableHeader.CHECKSUM, 0, b.length);
        return b;
    }

    /** An ASL definition block of the suite: {@code signature} ("DSDT", "SSDT", "OEM1" …) with OEM Table ID. */
    static Asl block(String signature, String oemTableId, String body) {
        return new Asl("DefinitionBlock (\"\", \"" + signature + "\", 2, \"VNVDMM\", \"" + oemTableId + "\", 1)\n{\n"
                + body.strip() + "\n}\n");
    }

    /** The AML of a table, for a Buffer () { … } initializer. */
    static String bufferList(byte[] table) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < table.length; i++) {
            if (i > 0) {
                sb.append(i % 16 == 0 ? ",\n        " : ", ");
            }
            sb.append(String.format("0x%02X", table[i] & 0xFF));
        }
        return sb.toString();
    }

    /** The result part of an outcome: \\MAIN's one-line form or {@code error STATUS}. */
    static String result(String outcome) {
        int bang = outcome.indexOf(SEPARATOR);
        return bang < 0 ? outcome : outcome.substring(0, bang);
    }

    /** The exceptions of an outcome, as written (a run as {@code STATUS*N}). */
    static List<String> exceptions(String outcome) {
        int bang = outcome.indexOf(SEPARATOR);
        String rest = bang < 0 ? "" : outcome.substring(bang + SEPARATOR.length()).strip();
        return rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
    }

    /** An outcome from its parts; a run of one status is written once with its count ({@code AE_X*3}). */
    static String outcome(String result, List<String> exceptions) {
        StringBuilder sb = new StringBuilder(result).append(SEPARATOR);
        for (int i = 0; i < exceptions.size(); ) {
            int j = i;
            while (j < exceptions.size() && exceptions.get(j).equals(exceptions.get(i))) {
                j++;
            }
            sb.append(' ').append(exceptions.get(i));
            if (j - i > 1) {
                sb.append('*').append(j - i);
            }
            i = j;
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
