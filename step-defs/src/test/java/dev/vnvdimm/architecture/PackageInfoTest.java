package dev.vnvdimm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every production package of the kit says what it is for (issue 15): its folder under {@code src/main/java}
 * holds a {@code package-info.java} whose package declaration has a Javadoc comment. Walks the source folders of
 * all six modules; tests run in {@code step-defs/}, the other modules are its siblings.
 */
class PackageInfoTest {
    private static final List<Path> SOURCE_ROOTS = Stream.of("../acpica-tools", "../guest-abi",
            "../reference-emulator", "../guest-images/reference-guest", "../reference-system", ".")
            .map(module -> Path.of(module, "src/main/java")).toList();

    /** A Javadoc comment with some text, then (after any annotations) the package declaration. */
    private static final Pattern DOCUMENTED =
            Pattern.compile("/\\*\\*(?:(?!\\*/).)*\\w(?:(?!\\*/).)*\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*package\\s",
                    Pattern.DOTALL);

    @Test
    void everyMainPackageHasAPackageInfoWithAJavadocComment() {
        Set<String> packages = new TreeSet<>();
        Set<String> undocumented = new TreeSet<>();
        for (Path root : SOURCE_ROOTS) {
            assertThat(root).as("source folder").isDirectory();
            packages.addAll(packagesUnder(root));
            undocumented.addAll(undocumentedPackagesUnder(root));
        }
        // a wrong working directory would find no package and pass: name one of each module
        assertThat(packages).contains("dev.vnvdimm.acpica", "dev.vnvdimm.abi.dsm", "dev.vnvdimm.emulator.memory",
                "dev.vnvdimm.guest.labels", "dev.vnvdimm.system", "dev.vnvdimm.harness", "dev.vnvdimm.cli");
        assertThat(undocumented).as("packages without a package-info.java with a Javadoc comment").isEmpty();
    }

    @Test
    void aPackageWithoutPackageInfoOrWithoutItsJavadocIsReported(@TempDir Path root) throws IOException {
        write(root, "a/Thing.java", "package a;\nclass Thing {}\n");
        write(root, "a/package-info.java", "/** The a's. */\npackage a;\n");
        write(root, "b/Thing.java", "package b;\nclass Thing {}\n");
        write(root, "c/Thing.java", "package c;\nclass Thing {}\n");
        write(root, "c/package-info.java", "// not Javadoc\npackage c;\n");
        write(root, "d/Thing.java", "package d;\nclass Thing {}\n");
        write(root, "d/package-info.java", "/** */\npackage d;\n");
        write(root, "e/package-info.java", "/**\n * Annotated.\n */\n@Deprecated\npackage e;\n");
        write(root, "f/g/Thing.java", "package f.g;\nclass Thing {}\n");
        write(root, "f/g/package-info.java", "/** The g's. */\npackage f.g;\n");

        // f holds no source file of its own, so it is no package
        assertThat(packagesUnder(root)).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f.g");
        assertThat(undocumentedPackagesUnder(root)).containsExactlyInAnyOrder("b", "c", "d");
    }

    /** Every folder under root holding a .java file, as a package name. */
    private static Set<String> packagesUnder(Path root) {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> packages.add(root.relativize(f.getParent()).toString().replace('/', '.')));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packages;
    }

    private static Set<String> undocumentedPackagesUnder(Path root) {
        Set<String> undocumented = new TreeSet<>();
        for (String pkg : packagesUnder(root)) {
            Path info = root.resolve(pkg.replace('.', '/')).resolve("package-info.java");
            if (!Files.isRegularFile(info) || !DOCUMENTED.matcher(read(info)).find()) {
                undocumented.add(pkg);
            }
        }
        return undocumented;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
