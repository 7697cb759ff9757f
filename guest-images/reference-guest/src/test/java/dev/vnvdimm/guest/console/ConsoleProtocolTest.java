package dev.vnvdimm.guest.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.guest.ndctl.CommandResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleProtocolTest {

    private static byte[] framed(CommandResult r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleProtocol.writeReply(out, r);
        return out.toByteArray();
    }

    @Test
    void aReplyIsTwoCountedBlocksAndTheExitStatus() throws IOException {
        assertThat(new String(framed(new CommandResult(3, "out\n", "é")), StandardCharsets.UTF_8))
                .isEqualTo("#vnvdimm stdout 4\nout\n#vnvdimm stderr 2\né#vnvdimm exit 3\n");
    }

    @Test
    void outputWithoutANewlineOrWithHeaderLookalikesComesBackExactly() throws IOException {
        CommandResult r = new CommandResult(0, "no newline", "#vnvdimm exit 9\n#vnvdimm stdout 1\n");
        assertThat(ConsoleProtocol.readReply(new ByteArrayInputStream(framed(r)))).isEqualTo(r);
    }

    @Test
    void strayLinesAndCarriageReturnsBeforeTheHeadersAreSkipped() throws IOException {
        byte[] wire = ("[    1.234] nd_pmem namespace0.0: unable to guarantee persistence\r\n~ # "
                + "\r\n#vnvdimm stdout 2\r\nok#vnvdimm stderr 0\r\n#vnvdimm exit 0\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(ConsoleProtocol.readReply(new ByteArrayInputStream(wire))).isEqualTo(new CommandResult(0, "ok", ""));
    }

    @Test
    void aReplyCutShortIsAnError() throws IOException {
        byte[] wire = "#vnvdimm stdout 10\nabc".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ConsoleProtocol.readReply(new ByteArrayInputStream(wire)))
                .isInstanceOf(EOFException.class).hasMessage("guest console closed inside a reply");
        assertThatThrownBy(() -> ConsoleProtocol.readReply(new ByteArrayInputStream(
                "#vnvdimm stdout x\n".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("guest console: bad byte count 'x' after '#vnvdimm stdout'");
    }

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
        assertThat(ConsoleProtocol.readReply(replies)).isEqualTo(CommandResult.ok("3\n", ""));
        ConsoleProtocol.awaitReady(replies); // the empty line
        assertThat(ConsoleProtocol.readReply(replies).exitCode()).isEqualTo(1);
        assertThat(ConsoleProtocol.readReply(replies)).isEqualTo(CommandResult.ok("3\n", ""));
        assertThat(ConsoleProtocol.readReply(replies))
                .isEqualTo(CommandResult.fail(2, "", "sh: Syntax error: Unterminated quoted string\n"));
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

    @Test
    void aCommandLineIsOneLineWithoutLineKill() {
        assertThatThrownBy(() -> ConsoleProtocol.writeCommand(new ByteArrayOutputStream(), "a\nb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsoleProtocol.writeCommand(new ByteArrayOutputStream(), "a\u0015"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
