package dev.vnvdimm.guest.aml;

import dev.vnvdimm.acpica.Iasl;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interpreter tests' ASL programs as iasl compiles them: {@code -of} turns constant folding off, so
 * {@code 1 + 2} reaches the interpreter as an Add rather than as 3; {@code -vi} keeps iasl's messages short.
 *
 * <p>The AML is committed beside the ASL suite, in {@code src/test/resources/aml/compiled/SHA.aml} (SHA: the
 * SHA-256 of the ASL source), so the interpreter's tests run on a machine without iasl. Wherever iasl is
 * installed, every program is compiled again and compared with its committed AML ({@link #sameAml}), so the two
 * cannot drift; {@code -Dvnvdimm.aml.record=true} writes the AML of new or changed programs.
 */
public final class CompiledAsl {
    static final List<String> FLAGS = List.of(Iasl.NO_CONSTANT_FOLDING, "-vi");
    /**
     * For programs that are imperfect on purpose (a name declared twice, as firmware sometimes has it): {@code -f}
     * makes iasl write the AML despite its errors.
     */
    static final List<String> FORCED_FLAGS = List.of(Iasl.NO_CONSTANT_FOLDING, "-vi", "-f");
    private static final Map<String, byte[]> COMPILED = new ConcurrentHashMap<>();
    static final String RECORD_PROPERTY = "vnvdimm.aml.record";
    /** The ACPI table header's Checksum byte, then its Creator ID and Creator Revision: iasl's name and version. */
    private static final int CHECKSUM = 9;
    private static final int CREATOR_ID = 28;
    private static final int HEADER_END = 36;

    private CompiledAsl() {
    }

    /** Wraps {@code body} in a DefinitionBlock of the given revision (1 → 32-bit integers, 2 → 64-bit). */
    public static String definitionBlock(int revision, String body) {
        return "DefinitionBlock (\"\", \"DSDT\", " + revision + ", \"VNVDMM\", \"AMLTEST\", 1)\n{\n" + body + "\n}\n";
    }

    /** Where the committed AML lives: the module's test resources (surefire runs in the module's folder). */
    static Path committedDir() {
        return Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/aml/compiled");
    }

    /** The committed AML's file for {@code asl}. */
    static Path committed(String asl) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(asl.getBytes(StandardCharsets.UTF_8));
            return committedDir().resolve(HexFormat.of().formatHex(sha) + ".aml");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The AML of {@code asl}: the committed AML, checked against iasl's where iasl is installed ({@code dir} is
     * where iasl compiles). Kept per source for the test JVM's life, since the ASL suite and the acpiexec oracle use
     * the same programs.
     */
    public static byte[] compile(Path dir, String asl) throws IOException, InterruptedException {
        return compile(dir, asl, FLAGS);
    }

    /** As {@link #compile(Path, String)}, with iasl's {@code flags} ({@link #FLAGS} or {@link #FORCED_FLAGS}). */
    static byte[] compile(Path dir, String asl, List<String> flags) throws IOException, InterruptedException {
        byte[] aml = COMPILED.get(asl);
        if (aml == null) {
            aml = load(dir, asl, flags);
            COMPILED.put(asl, aml);
        }
        return aml.clone();
    }

    private static byte[] load(Path dir, String asl, List<String> flags) throws IOException, InterruptedException {
        Path file = committed(asl);
        boolean record = Boolean.getBoolean(RECORD_PROPERTY);
        if (!Iasl.TOOL.isInstalled()) {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
            throw new TestAbortedException(Iasl.TOOL.missingReason() + ", and this ASL has no committed AML ("
                    + file.getFileName() + ")");
        }
        byte[] made = Iasl.compile(dir, asl, flags);
        if (record && (!Files.exists(file) || !sameAml(Files.readAllBytes(file), made))) {
            Files.createDirectories(file.getParent());
            Files.write(file, made);
        }
        if (!Files.exists(file)) {
            throw new AssertionError("this ASL has no committed AML; write it with: mvn -B -o test -pl "
                    + "guest-images/reference-guest -am -D" + RECORD_PROPERTY + "=true, then commit "
                    + committedDir().getFileName() + "/" + file.getFileName() + "\n" + asl);
        }
        byte[] kept = Files.readAllBytes(file);
        if (!sameAml(kept, made)) {
            throw new AssertionError("the committed AML " + file.getFileName() + " is not what iasl makes of its ASL "
                    + "now; rewrite it with -D" + RECORD_PROPERTY + "=true\n" + asl);
        }
        return kept;
    }

    /**
     * The same table but for what iasl stamps into the header itself: its Creator ID and Creator Revision (the
     * compiler's name and version, e.g. INTL 20200925) and the Checksum that follows from them. iasl stamps no date.
     */
    static boolean sameAml(byte[] a, byte[] b) {
        return a.length == b.length && Arrays.equals(normalised(a), normalised(b));
    }

    private static byte[] normalised(byte[] aml) {
        byte[] n = aml.clone();
        if (n.length >= HEADER_END) {
            n[CHECKSUM] = 0;
            Arrays.fill(n, CREATOR_ID, HEADER_END, (byte) 0);
        }
        return n;
    }
}
