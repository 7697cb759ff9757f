package dev.vnvdimm.guest.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.console.ConsoleProtocol;
import dev.vnvdimm.abi.console.ConsoleProtocol.Reply;
import dev.vnvdimm.guest.ndctl.CommandResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerialConsoleTest {

    @Test
    void theConsoleSaysReadyThenAnswersEachLineUntilTheHostHangsUp() throws Exception {
        List<List<String>> seen = new ArrayList<>();
        SerialConsole console = new SerialConsole(argv -> {
            seen.add(argv);
            return argv.get(0).equals("false") ? CommandResult.fail(1, "", "") : CommandResult.ok(argv.size() + "\n", "");
        });
        PipedOutputStream host = new PipedOutputStream();
        PipedInputStream guestIn = new PipedInputStream(host);
        ByteArrayOutputStream guestOut = new ByteArrayOutputStream();
        host.write("ndctl list -N\n\nfalse\necho 'a b' \"c\\\"d\"\necho 'open\n".getBytes(StandardCharsets.UTF_8));
        host.close();
        console.serve(guestIn, guestOut);
        ByteArrayInputStream replies = new ByteArrayInputStream(guestOut.toByteArray());
        ConsoleProtocol.awaitReady(replies);
        assertThat(ConsoleProtocol.readReply(replies)).isEqualTo(new Reply(0, "3\n", ""));
        ConsoleProtocol.awaitReady(replies); // the empty line
        assertThat(ConsoleProtocol.readReply(replies).exitCode()).isEqualTo(1);
        assertThat(ConsoleProtocol.readReply(replies)).isEqualTo(new Reply(0, "3\n", ""));
        assertThat(ConsoleProtocol.readReply(replies))
                .isEqualTo(new Reply(2, "", "sh: Syntax error: Unterminated quoted string\n"));
        assertThat(seen).containsExactly(List.of("ndctl", "list", "-N"), List.of("false"), List.of("echo", "a b", "c\"d"));
    }

    @Test
    void aLineEndingInLineKillDropsTheFragmentBeforeItAndSaysReady() throws Exception {
        List<List<String>> seen = new ArrayList<>();
        SerialConsole console = new SerialConsole(argv -> {
            seen.add(argv);
            return CommandResult.ok("", "");
        });
        ByteArrayOutputStream host = new ByteArrayOutputStream();
        host.write("nvdimm-dsm nmem0 --function 6 --offset 98304 --len".getBytes(StandardCharsets.UTF_8));
        ConsoleProtocol.writeResync(host);
        ConsoleProtocol.writeCommand(host, "echo whole");
        ByteArrayOutputStream guestOut = new ByteArrayOutputStream();
        console.serve(new ByteArrayInputStream(host.toByteArray()), guestOut);
        assertThat(new String(guestOut.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("#vnvdimm ready\n#vnvdimm ready\n#vnvdimm stdout 0\n#vnvdimm stderr 0\n#vnvdimm exit 0\n");
        assertThat(seen).containsExactly(List.of("echo", "whole"));
    }

    @Test
    void wordsSplitAsTheShellSplitsThem() {
        assertThat(ShellWords.split("  dd if=/dev/zero   of=/dev/pmem0\tbs=1M ")).containsExactly("dd", "if=/dev/zero",
                "of=/dev/pmem0", "bs=1M");
        assertThat(ShellWords.split("a\\ b 'c\\d' \"e\\\"f\" g''h")).containsExactly("a b", "c\\d", "e\"f", "gh");
        assertThat(ShellWords.split("")).isEmpty();
        assertThatThrownBy(() -> ShellWords.split("say \"hi")).hasMessage("Syntax error: Unterminated quoted string");
    }
}
