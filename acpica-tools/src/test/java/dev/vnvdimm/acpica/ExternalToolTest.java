package dev.vnvdimm.acpica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalToolTest {
    private static final ExternalTool TOOL = new ExternalTool("kit-tool", "kit-package");

    @TempDir
    Path dir;

    private final String pathBefore = System.getProperty(ExternalTool.PATH_PROPERTY);

    @AfterEach
    void restorePath() {
        if (pathBefore == null) {
            System.clearProperty(ExternalTool.PATH_PROPERTY);
        } else {
            System.setProperty(ExternalTool.PATH_PROPERTY, pathBefore);
        }
    }

    @Test
    void aToolOutsideTheToolPathIsMissingWithTheReasonAndIsNotRun() throws IOException {
        System.setProperty(ExternalTool.PATH_PROPERTY, Files.createDirectory(dir.resolve("empty")).toString());

        assertThat(TOOL.isInstalled()).isFalse();
        assertThat(TOOL.missingReason())
                .isEqualTo("kit-tool is not installed (install it: apt-get install kit-package)");
        assertThatThrownBy(() -> TOOL.run(dir, List.of(), 5)).isInstanceOf(IOException.class)
                .hasMessage(TOOL.missingReason());
    }

    @Test
    void aToolOnTheToolPathRunsWithItsOutputAndErrorsTogetherAndItsExitCode() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path tool = bin.resolve("kit-tool");
        Files.writeString(tool, "#!/bin/sh\necho \"out $1\"\necho err >&2\nexit 3\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty(ExternalTool.PATH_PROPERTY, dir.resolve("empty") + java.io.File.pathSeparator + bin);

        assertThat(TOOL.location()).contains(tool);
        ExternalTool.Run run = TOOL.run(dir, List.of("a"), 10);

        assertThat(run.output()).isEqualTo("out a\nerr\n");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.succeeded()).isFalse();
    }
}
