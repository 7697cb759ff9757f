package dev.vnvdimm.abi.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vnvdimm.abi.console.ConsoleProtocol.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Any bytes a peer can put on the console line, read by both ends of {@link ConsoleProtocol}: the host's reader
 * ({@code awaitReady}, then {@code readReply} until the stream breaks) and the guest's ({@code readCommand} until
 * the end). Each read gives a framing error ({@link IOException}) or a well-formed result — a reply whose exit
 * status is 0–255 and which the writer frames back to itself, a line without its newline and within the line
 * limit — and the readers always come to an end of the finite stream. Nothing else may escape.
 *
 * <p>Regression inputs: {@code src/test/resources/dev/vnvdimm/abi/console/ConsoleProtocolFuzzTestInputs/}.
 */
class ConsoleProtocolFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"#vnvdimm ready", "#vnvdimm stdout ", "#vnvdimm stderr ", "#vnvdimm exit "})
    void anyBytesFromThePeer(byte[] wire) {
        hostReads(new ByteArrayInputStream(wire));
        guestReads(new ByteArrayInputStream(wire));
    }

    private static void hostReads(InputStream in) {
        try {
            List<String> boot = ConsoleProtocol.awaitReady(in);
            boot.forEach(ConsoleProtocolFuzzTest::wellFormedLine);
        } catch (IOException framingError) {
            return;
        }
        while (true) {
            Reply r;
            try {
                r = ConsoleProtocol.readReply(in);
            } catch (IOException framingError) {
                return;
            }
            assertThat(r.exitCode()).as("exit status of %s", r).isBetween(0, 255);
            assertThat(reframed(r)).isEqualTo(r);
        }
    }

    private static void guestReads(InputStream in) {
        try {
            for (String line = ConsoleProtocol.readCommand(in); line != null; line = ConsoleProtocol.readCommand(in)) {
                wellFormedLine(line);
                ConsoleProtocol.isResync(line);
            }
        } catch (IOException framingError) {
            // a line over the limit
        }
    }

    private static void wellFormedLine(String line) {
        assertThat(line).doesNotContain("\n", "\r");
        assertThat(line.length()).isLessThanOrEqualTo(ConsoleProtocol.MAX_LINE);
    }

    /** What the host reads back when the guest writes {@code r}: {@code r} itself. */
    private static Reply reframed(Reply r) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ConsoleProtocol.writeReply(out, r);
            return ConsoleProtocol.readReply(new ByteArrayInputStream(out.toByteArray()));
        } catch (IOException e) {
            throw new AssertionError("a reply read from the wire does not frame back: " + r, e);
        }
    }
}
