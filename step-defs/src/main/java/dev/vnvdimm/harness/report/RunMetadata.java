package dev.vnvdimm.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vnvdimm.acpica.ExternalTool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a run was, for the top of its Allure report: {@code executor.json} (who ran it, and the report's name) and
 * {@code environment.properties} (the kit's version and commit, the host, the tools found, and what each target
 * reported about itself: hypervisor version, QEMU binary or container image, accelerator, guest kernel, ndctl).
 */
public final class RunMetadata {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ENVIRONMENT = "environment.properties";
    private static final String EXECUTOR = "executor.json";

    private RunMetadata() {
    }

    /** Writes {@code executor.json}: {@code executor} (vnvdimm check, mvn verify) ran the run {@code reportName}. */
    public static void writeExecutor(Path results, String executor, String reportName) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", executor);
        e.put("type", "vnvdimm-kit");
        e.put("reportName", reportName);
        e.put("buildName", reportName);
        Files.createDirectories(results);
        JSON.writeValue(results.resolve(EXECUTOR).toFile(), e);
    }

    /** Writes {@code executor.json} unless the run that made the folder wrote its own (the CLI's, before running). */
    public static void writeExecutorIfAbsent(Path results, String executor, String reportName) throws IOException {
        if (!Files.exists(results.resolve(EXECUTOR))) {
            writeExecutor(results, executor, reportName);
        }
    }

    /**
     * Adds {@code target}'s entries to {@code environment.properties} (keeping the other targets' and replacing its
     * own), with the run-wide entries: the kit, the host, the tools found.
     */
    public static synchronized void recordTarget(Path results, Path kitRoot, String target,
                                                 Map<String, String> reported) {
        try {
            Map<String, String> env = read(results.resolve(ENVIRONMENT));
            env.keySet().removeIf(k -> k.startsWith(target + "."));
            env.putAll(runWide(kitRoot));
            reported.forEach((what, value) -> env.put(target + "." + what.replace(' ', '-'), value));
            Files.createDirectories(results);
            StringBuilder out = new StringBuilder(
                    "# what ran: the kit, the host, its tools, and each target as it reported itself\n");
            env.forEach((k, v) -> out.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
            Files.writeString(results.resolve(ENVIRONMENT), out, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> runWideCache;
    private static Path runWideRoot;

    /** The kit's version and commit, the host, the tools: asked once per kit folder and JVM. */
    static synchronized Map<String, String> runWide(Path kitRoot) {
        if (runWideCache == null || !kitRoot.equals(runWideRoot)) {
            Map<String, String> m = new TreeMap<>();
            m.put("kit.version", kitVersion());
            m.put("kit.commit", Provenance.kitCommit(kitRoot));
            m.put("host", host());
            m.put("host.os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch"));
            m.put("host.java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            for (var tool : List.of(List.of("iasl", "acpica-tools"), List.of("docker", "docker.io"),
                    List.of("qemu-system-x86_64", "qemu-system-x86"))) {
                m.put("tool." + tool.get(0), new ExternalTool(tool.get(0), tool.get(1)).location().map(Path::toString)
                        .orElse("not found (apt-get install " + tool.get(1) + ")"));
            }
            runWideCache = m;
            runWideRoot = kitRoot;
        }
        return runWideCache;
    }

    static String kitVersion() {
        try (InputStream in = RunMetadata.class.getResourceAsStream(
                "/META-INF/maven/dev.vnvdimm/step-defs/pom.properties")) {
            if (in == null) {
                return "development build";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "development build");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> m = new TreeMap<>();
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        }
        return m;
    }

    /** Java properties escaping, by hand so the file is sorted and keeps no date comment. */
    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (char c : s.strip().toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(key ? "\\ " : " ");
                default -> {
                    if (c > 0x7e || c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
