package dev.vnvdimm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.acpica.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every shell script of the kit (the launcher, .ci/run, the image recipes, the guest's /init, the Maven wrapper) is
 * shellcheck-clean, at every severity. Without shellcheck this check is not run, never passed: CI installs it.
 */
class ShellScriptsTest {
    static final ExternalTool SHELLCHECK = new ExternalTool("shellcheck", "shellcheck");

    /**
     * Build output, caches and reports: nothing in them is the kit's source (guest-images/linux/build holds images;
     * .cifuzz-corpus, Jazzer's generated corpus, holds whatever bytes a fuzzer tried, a "#!/bin/sh" among them).
     */
    private static final Set<String> NOT_SOURCE = Set.of(".git", "target", "build", "reports", ".allure", "node_modules",
            ".cifuzz-corpus");
    private static final Pattern SHELL_SHEBANG = Pattern.compile("^#!\\s*\\S*(/|/env\\s+)(ba|da)?sh(\\s.*)?$");

    @Test
    void everyShellScriptIsShellcheckClean() throws Exception {
        Assumptions.assumeTrue(SHELLCHECK.isInstalled(), SHELLCHECK::missingReason);
        Path root = kitRoot();
        List<String> scripts = shellScripts(root);
        // the ones the kit is known to have, so a broken search cannot pass by checking nothing
        assertThat(scripts).contains("vnvdimm", ".ci/run", "mvnw", "guest-images/linux/build-image.sh",
                "guest-images/linux/init", "guest-images/qemu-containers/build-container-image.sh");
        List<String> args = new ArrayList<>(List.of("--format=gcc"));
        args.addAll(scripts);
        ExternalTool.Run run = SHELLCHECK.run(root, args, 120);
        assertThat(run.output()).as("shellcheck " + String.join(" ", scripts)).isEmpty();
        assertThat(run.exitCode()).as("shellcheck's exit code").isZero();
    }

    /** The checkout this module is in: the nearest folder up from the module (Surefire's basedir) with .ci/run. */
    static Path kitRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
        for (Path p = module; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(".ci/run"))) {
                return p;
            }
        }
        throw new IllegalStateException("no .ci/run in " + module + " or above it");
    }

    /** Files named *.sh or starting with a sh, bash or dash #! line, relative to {@code root}, sorted. */
    static List<String> shellScripts(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && NOT_SOURCE.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && (file.getFileName().toString().endsWith(".sh") || hasShellShebang(file))) {
                    found.add(root.relativize(file).toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    private static boolean hasShellShebang(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = r.readLine();
            return first != null && SHELL_SHEBANG.matcher(first).matches();
        }
    }
}
