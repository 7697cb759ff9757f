package dev.vnvdimm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command the README shows in a code block ({@code ./vnvdimm ...} or {@code mvn ...}, with or without a
 * {@code $ } prompt, continuation lines joined) is checked as written:
 * <ul>
 * <li>the cheap ones run verbatim in this JVM: {@code check} on the reference target (its reports go to a
 * scratch kit folder whose {@code features/} is the kit's), and {@code emu}, {@code dump-tables}, {@code guest},
 * {@code aml-eval} without {@code -qmp}; where the block shows their output after the command, it must match;</li>
 * <li>{@code check} on QEMU targets and {@code emu} that serves (with {@code -qmp} or {@code -incoming}: it runs until
 * {@code quit}, binds the address it names and writes its backing file in the working folder) are only parsed by
 * picocli, which must accept them;</li>
 * <li>{@code mvn} commands are not run (a build inside the build): every profile ({@code -P}) and module
 * ({@code -pl}) they name must exist in the poms.</li>
 * </ul>
 */
class ReadmeCommandsTest {
    private static final Path KIT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FENCE = Pattern.compile("^\\s*```");

    @TempDir
    static Path scratch;

    /** A command from the README and the output its block shows after it (if any). */
    record Shown(int line, List<String> words, List<String> output) {
        @Override
        public String toString() {
            return "README.md:" + line + ": " + String.join(" ", words);
        }
    }

    static List<Shown> commands() throws IOException {
        List<String> lines = Files.readAllLines(KIT.resolve("README.md"));
        List<Shown> shown = new ArrayList<>();
        boolean inBlock = false;
        Shown last = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (FENCE.matcher(l).find()) {
                inBlock = !inBlock;
                last = null;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            String t = l.strip();
            boolean prompt = t.startsWith("$ ");
            String cmd = prompt ? t.substring(2) : t;
            if (cmd.startsWith("./vnvdimm ") || cmd.equals("./vnvdimm") || cmd.startsWith("mvn ")) {
                int start = i;
                StringBuilder sb = new StringBuilder(cmd);
                while (sb.toString().endsWith("\\") && i + 1 < lines.size()) {
                    sb.setLength(sb.length() - 1);
                    sb.append(' ').append(lines.get(++i).strip());
                }
                last = new Shown(start + 1, words(withoutComment(sb.toString())), new ArrayList<>());
                shown.add(last);
            } else if (last != null && prompt) {
                last = null; // another program's command
            } else if (last != null && !t.isEmpty() && l.startsWith(t) && !prompt) {
                last.output().add(t); // output is not indented in the block, as a terminal shows it
            }
        }
        return shown;
    }

    /** A shell comment: from a {@code #} after white space, outside quotes. */
    static String withoutComment(String s) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                return s.substring(0, i).strip();
            }
        }
        return s.strip();
    }

    /** Words as sh splits them: on blanks, quotes removed. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(s);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyReadmeCommandRunsOrParses() throws IOException {
        List<Shown> all = commands();
        assertThat(all).as("commands found in README.md").hasSizeGreaterThanOrEqualTo(10);
        assertThat(all).as("README.md shows ./vnvdimm check").anyMatch(s -> s.words().equals(List.of("./vnvdimm",
                "check")));
        return all.stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> check(s)));
    }

    private static void check(Shown s) throws Exception {
        if (s.words().get(0).equals("mvn")) {
            maven(s);
            return;
        }
        List<String> args = s.words().subList(1, s.words().size());
        String verb = args.isEmpty() ? "" : args.get(0);
        boolean serves = args.contains("-qmp") || args.contains("-incoming");
        // any QEMU target among --target's values: never started from a unit test
        boolean qemuTarget = verb.equals("check") && args.stream().anyMatch(a -> a.contains("qemu"));
        if (serves || qemuTarget) {
            CommandLine.ParseResult r = VnvdimmCli.create().parseArgs(args.toArray(String[]::new));
            assertThat(r.hasSubcommand()).as("%s parses", s).isTrue();
            return;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VnvdimmCli.create();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = verb.equals("check") ? inScratchKit(() -> cl.execute(args.toArray(String[]::new)))
                : cl.execute(args.toArray(String[]::new));
        String printed = out + err.toString();
        if (s.output().isEmpty()) {
            assertThat(status).as("%s exits 0; it printed:%n%s", s, printed).isZero();
            if (verb.equals("check")) {
                assertThat(printed).containsPattern("(?m)^  FAIL +0$");
            }
        } else {
            assertThat(printed.lines().map(String::strip).toList()).as("%s prints what README.md shows", s)
                    .containsSubsequence(s.output());
        }
    }

    /** {@code check} with the kit's features and its reports in a scratch kit folder, never the kit's own. */
    private static int inScratchKit(java.util.function.IntSupplier run) throws IOException {
        Path kit = scratch.resolve("kit");
        if (!Files.exists(kit)) {
            Files.createDirectories(kit);
            Files.createSymbolicLink(kit.resolve("features"), KIT.resolve("features"));
        }
        String root = System.getProperty("vnvdimm.root");
        String results = System.getProperty("allure.results.directory");
        String label = System.getProperty("allure.label.target");
        System.setProperty("vnvdimm.root", kit.toString());
        try {
            return run.getAsInt();
        } finally {
            restore("vnvdimm.root", root);
            restore("allure.results.directory", results);
            restore("allure.label.target", label);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /** Not run here: every profile and module it names exists. */
    private static void maven(Shown s) throws IOException {
        String poms = Files.readString(KIT.resolve("pom.xml"));
        List<String> w = s.words();
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            String value = null;
            if ((a.equals("-P") || a.equals("-pl")) && i + 1 < w.size()) {
                value = w.get(++i);
            } else if (a.startsWith("-P") && a.length() > 2 && !a.startsWith("-pl")) {
                value = a.substring(2);
                a = "-P";
            }
            if (value == null) {
                continue;
            }
            for (String v : value.split(",")) {
                if (a.equals("-P")) {
                    assertThat(poms).as("%s: profile %s", s, v).contains("<id>" + v + "</id>");
                } else {
                    assertThat(KIT.resolve(v).resolve("pom.xml")).as("%s: module %s", s, v).exists();
                }
            }
        }
    }
}
