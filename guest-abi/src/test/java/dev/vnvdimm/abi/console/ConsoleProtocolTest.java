package dev.vnvdimm.abi.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.console.ConsoleProtocol.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProtocolTest {

    private static byte[] framed(Reply r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleProtocol.writeReply(out, r);
        return out.toByteArray();
    }

    @Test
    void aReplyIsTwoCountedBlocksAndTheExitStatus() throws IOException {
        assertThat(new String(framed(new Reply(3, "out\n", "é")), StandardCharsets.UTF_8))
                .isEqualTo("#vnvdimm stdout 4\nout\n#vnvdimm stderr 2\né#vnvdimm exit 3\n");
    }

    @Test
    void outputWithoutANewlineOrWithHeaderLookalikesComesBackExactly() throws IOException {
        Reply r = new Reply(0, "no newline", "#vnvdimm exit 9\n#vnvdimm stdout 1\n");
        assertThat(ConsoleProtocol.readReply(new ByteArrayInputStream(framed(r)))).isEqualTo(r);
    }

    @Test
    void strayLinesAndCarriageReturnsBeforeTheHeadersAreSkipped() throws IOException {
        byte[] wire = ("[    1.234] nd_pmem namespace0.0: unable to guarantee persistence\r\n~ # "
                + "\r\n#vnvdimm stdout 2\r\nok#vnvdimm stderr 0\r\n#vnvdimm exit 0\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(ConsoleProtocol.readReply(new ByteArrayInputStream(wire))).isEqualTo(new Reply(0, "ok", ""));
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
    void aNegativeByteCountOrAnExitStatusBeyondAByteIsABrokenLine() {
        assertThatThrownBy(() -> ConsoleProtocol.readReply(new ByteArrayInputStream(
                "#vnvdimm stdout -1\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class)
                .hasMessage("guest console: bad byte count '-1' after '#vnvdimm stdout'");
        assertThatThrownBy(() -> ConsoleProtocol.readReply(new ByteArrayInputStream(
                "#vnvdimm stdout 0\n#vnvdimm stderr 0\n#vnvdimm exit 256\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class).hasMessage("guest console: bad exit status '256'");
    }

    @Test
    void aCommandLineIsOneLineWithoutLineKill() {
        assertThatThrownBy(() -> ConsoleProtocol.writeCommand(new ByteArrayOutputStream(), "a\nb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsoleProtocol.writeCommand(new ByteArrayOutputStream(), "a\u0015"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
