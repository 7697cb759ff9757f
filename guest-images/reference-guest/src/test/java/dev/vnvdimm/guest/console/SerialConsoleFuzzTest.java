package dev.vnvdimm.guest.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vnvdimm.abi.console.ConsoleProtocol;
import dev.vnvdimm.abi.console.ConsoleProtocol.Reply;
import dev.vnvdimm.guest.ndctl.CommandResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Any bytes a host can send down the guest's serial line: the guest says ready, then answers every whole line in
 * order — readiness again for a resynchronisation, one framed reply for a command (a shell syntax error included)
 * — and nothing else; a fragment cut off by the end of the stream runs nothing. What it wrote is compared byte for
 * byte with what those answers frame to, and the host's reader reads the same replies back from it.
 *
 * <p>The shell stands in for the guest's commands: it answers with the words it was given, so the reply shows
 * how the line was split. Regression inputs: {@code SerialConsoleFuzzTestInputs/anyBytesFromTheHost/}.
 */
class SerialConsoleFuzzTest {
    /** The echo shell's separator between words: a byte no word split from a line contains. */
    private static final String SEP = "\n";

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"ndctl", "'", "\"", "\\"})
    void anyBytesFromTheHost(byte[] host) throws IOException {
        List<List<String>> ran = new ArrayList<>();
        SerialConsole console = new SerialConsole(argv -> {
            ran.add(argv);
            return CommandResult.fail(argv.size() & 0xFF, String.join(SEP, argv), "");
        });
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        boolean lineTooLong = false;
        try {
            console.serve(new ByteArrayInputStream(host), wire);
        } catch (IOException e) {
            lineTooLong = true;
        }
        Expected expected = expectedAnswers(host);
        assertThat(lineTooLong).as("the guest gave up on a line over the limit").isEqualTo(expected.lineTooLong);
        assertThat(wire.toByteArray()).as("what the guest wrote").isEqualTo(expected.wire.toByteArray());
        assertThat(ran).hasSize(expected.replies.size() - expected.syntaxErrors);

        ByteArrayInputStream back = new ByteArrayInputStream(wire.toByteArray());
        ConsoleProtocol.awaitReady(back);
        for (Reply r : expected.replies) {
            assertThat(ConsoleProtocol.readReply(back)).isEqualTo(r);
        }
    }

    private static final class Expected {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final List<Reply> replies = new ArrayList<>();
        int syntaxErrors;
        boolean lineTooLong;
    }

    /**
     * The guest's answers to {@code host} by the protocol's rules: whole lines only, {@code \r} dropped, a blank
     * line or one ending in ^U asks for readiness, anything else is a command split into shell words.
     */
    private static Expected expectedAnswers(byte[] host) {
        Expected e = new Expected();
        try {
            ConsoleProtocol.writeReady(e.wire);
            int start = 0;
            for (int i = 0; i < host.length; i++) {
                if (host[i] != '\n') {
                    if (i - start >= ConsoleProtocol.MAX_LINE) {
                        e.lineTooLong = true;
                        return e;
                    }
                    continue;
                }
                String line = new String(host, start, i - start, StandardCharsets.UTF_8).replace("\r", "");
                start = i + 1;
                if (ConsoleProtocol.isResync(line)) {
                    ConsoleProtocol.writeReady(e.wire);
                    continue;
                }
                Reply r;
                try {
                    List<String> words = ShellWords.split(line);
                    r = new Reply(words.size() & 0xFF, String.join(SEP, words), "");
                } catch (IllegalArgumentException syntax) {
                    r = new Reply(2, "", "sh: " + syntax.getMessage() + "\n");
                    e.syntaxErrors++;
                }
                e.replies.add(r);
                ConsoleProtocol.writeReply(e.wire, r);
            }
            return e;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
