package dev.vnvdimm.abi.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The stream's bytes, checked against a CRC-32C written out here from its definition (RFC 3720 §B.4). */
class MigrationStreamTest {

    /** Bit-by-bit CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), independent of the JDK's. */
    static int crc32c(byte[] data) {
        int crc = 0xFFFFFFFF;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc;
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void aMultifdPayloadIsTheChannelCountThenTheSessionBigEndian() {
        byte[] payload = new MultifdSection(3, 0x0102030405060708L).encode();
        assertThat(HexFormat.of().formatHex(payload)).isEqualTo("0003" + "0102030405060708");
        assertThat(MultifdSection.read(ByteBuffer.wrap(payload)))
                .isEqualTo(new MultifdSection(3, 0x0102030405060708L));
    }

    @Test
    void aRamHeaderIsTheBlockIdsLengthAndBytesThenOffsetPageCountAndKindBigEndian() {
        ByteBuffer header = new RamHeader("mem1", 0x2000, 3, RamHeader.PAGES_ZERO).encode();
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(header.array(), header.limit())))
                .isEqualTo("0004" + "6d656d31" + "0000000000002000" + "00000003" + "01");
        ByteBuffer payload = ByteBuffer.allocate(header.remaining() + 2).put(header).put((byte) 7).put((byte) 8).flip();
        assertThat(RamHeader.read(payload))
                .isEqualTo(new RamHeader("mem1", 0x2000, 3, RamHeader.PAGES_ZERO));
        assertThat(payload.get()).as("left at the page data").isEqualTo((byte) 7);
    }

    @Test
    void theReferenceCrcHasTheStandardCheckValue() {
        assertThat(crc32c("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xE3069283);
    }

    @Test
    void headerBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MigrationStream.writeHeader(Channels.newChannel(out), "pc");
        assertThat(out.toByteArray()).isEqualTo(hex("564e56444d494731 00000002 0002 7063"));
        assertThat(MigrationStream.readHeader(Channels.newChannel(new ByteArrayInputStream(out.toByteArray()))))
                .isEqualTo("pc");
    }

    @Test
    void aMultifdChannelStartsWithItsMagicSessionAndIndex() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChannelHeader.write(Channels.newChannel(out), 0x0102030405060708L, 3);
        assertThat(out.toByteArray()).isEqualTo(hex("564e56444d464431 0102030405060708 0003"));
        assertThat(ChannelHeader.read(Channels.newChannel(new ByteArrayInputStream(out.toByteArray())),
                0x0102030405060708L)).isEqualTo(3);
        assertThatThrownBy(() -> ChannelHeader.read(Channels.newChannel(new ByteArrayInputStream(out.toByteArray())),
                1L)).isInstanceOf(MigrationStreamException.class)
                .hasMessage("a multifd channel belongs to another migration (session 102030405060708, expected 1)");
    }

    @Test
    void aDeviceStateIsTheDeviceIdsLengthAndBytesThenItsOwnState() {
        byte[] payload = new DeviceStateSection("fit", ByteBuffer.wrap(new byte[] {1, 2})).encode();
        assertThat(HexFormat.of().formatHex(payload)).isEqualTo("0003" + "666974" + "0102");
        DeviceStateSection read = DeviceStateSection.read(ByteBuffer.wrap(payload));
        assertThat(read.deviceId()).isEqualTo("fit");
        assertThat(read.stateBytes()).containsExactly(1, 2);
        assertThatThrownBy(() -> DeviceStateSection.read(ByteBuffer.wrap(hex("0005 6669"))))
                .isInstanceOf(java.nio.BufferUnderflowException.class);
    }

    @Test
    void aHeaderOfAnotherVersionIsRefused() {
        assertThatThrownBy(() -> MigrationStream.readHeader(Channels.newChannel(new ByteArrayInputStream(
                hex("564e56444d494731 00000001 0002 7063"))))).isInstanceOf(MigrationStreamException.class)
                .hasMessage("migration stream version 1 is not supported (this is " + MigrationStream.VERSION + ")");
    }

    @Test
    void aSectionIsTypeLengthPayloadAndTheCrcOfAllThree() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Section.write(Channels.newChannel(out), Section.GUEST_STATE,
                ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)), ByteBuffer.wrap(new byte[] {'c'}));
        byte[] covered = hex("04 00000003 616263");
        byte[] expected = ByteBuffer.allocate(covered.length + 4).put(covered).putInt(crc32c(covered)).array();
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void aFlippedBitOrAShortSectionIsNeverReturned() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Section.write(Channels.newChannel(out), Section.RAM, new byte[100]);
        byte[] good = out.toByteArray();
        ByteBuffer staging = Section.stagingBuffer();
        assertThat(Section.read(Channels.newChannel(new ByteArrayInputStream(good)), staging)
                .payload().remaining()).isEqualTo(100);
        byte[] flipped = good.clone();
        flipped[50] ^= 0x10;
        assertThatThrownBy(() -> Section.read(Channels.newChannel(new ByteArrayInputStream(
                flipped)), staging)).hasMessage("corrupt migration stream: checksum mismatch in a section of type 2");
        assertThatThrownBy(() -> Section.read(Channels.newChannel(new ByteArrayInputStream(
                Arrays.copyOf(good, 60))), staging))
                .hasMessage("migration stream ended before its END section (truncated)");
        assertThatThrownBy(() -> Section.read(Channels.newChannel(new ByteArrayInputStream(
                hex("02 7fffffff"))), staging)).hasMessage("corrupt migration stream: section of type 2 claims "
                + "2147483647 bytes");
    }

    @Test
    void theReturnPathSaysOkOrWhy() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReturnPath.writeReturn(Channels.newChannel(out), "Size mismatch: mem1: 0x1 != 0x2");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ERR Size mismatch: mem1: 0x1 != 0x2\n");
        assertThat(ReturnPath.readReturn(Channels.newChannel(new ByteArrayInputStream(out.toByteArray()))))
                .isEqualTo("Size mismatch: mem1: 0x1 != 0x2");
        assertThat(ReturnPath.readReturn(Channels.newChannel(new ByteArrayInputStream("OK\n".getBytes()))))
                .isNull();
        assertThat(ReturnPath.readReturn(Channels.newChannel(new ByteArrayInputStream(new byte[0]))))
                .isEqualTo("the destination closed the connection without an answer");
    }

    @Test
    void aSyncIsAnsweredSyncedOrWithWhyTheDestinationRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReturnPath.writeSynced(Channels.newChannel(out));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("SYNCED\n");
        assertThat(ReturnPath.readSynced(Channels.newChannel(new ByteArrayInputStream(out.toByteArray()))))
                .isNull();
        assertThat(ReturnPath.readSynced(Channels.newChannel(new ByteArrayInputStream(
                "ERR no room\n".getBytes())))).isEqualTo("no room");
        assertThat(ReturnPath.readSynced(Channels.newChannel(new ByteArrayInputStream("OK\n".getBytes()))))
                .as("OK answers END, not SYNC").isEqualTo("the destination closed the connection without an answer");
        assertThat(ReturnPath.readReturn(Channels.newChannel(new ByteArrayInputStream(out.toByteArray()))))
                .as("SYNCED answers SYNC, not END").isEqualTo("the destination closed the connection without an answer");
    }

    /** One reader's sections, small, then the largest there may be, then small again: each whole. */
    @Test
    void aGrowingStagingBufferReadsEverySectionWhole() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel w = Channels.newChannel(out);
        byte[] big = new byte[Section.MAX_PAYLOAD];
        big[big.length - 1] = 7;
        Section.write(w, Section.CONFIG, "{}".getBytes(StandardCharsets.UTF_8));
        Section.write(w, Section.RAM, big);
        Section.write(w, Section.END, new byte[0]);
        ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(out.toByteArray()));
        Section.Staging staging = new Section.Staging();
        assertThat(Section.read(in, staging).bytes()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(Section.read(in, staging).bytes()).isEqualTo(big);
        assertThat(Section.read(in, staging).type()).isEqualTo(Section.END);
    }

    @Test
    void aSectionMayHoldMaxSectionBytesAndNotOneMore() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Section.write(Channels.newChannel(out), Section.RAM, new byte[Section.MAX_PAYLOAD]);
        assertThat(Section.read(Channels.newChannel(new ByteArrayInputStream(out.toByteArray())),
                Section.stagingBuffer()).payload().remaining()).isEqualTo(Section.MAX_PAYLOAD);
        byte[] tooLong = ByteBuffer.allocate(5).put((byte) Section.RAM).putInt(Section.MAX_PAYLOAD + 1)
                .array();
        assertThatThrownBy(() -> Section.read(Channels.newChannel(new ByteArrayInputStream(
                tooLong)), Section.stagingBuffer())).hasMessage("corrupt migration stream: section of type 2 "
                + "claims " + (Section.MAX_PAYLOAD + 1) + " bytes");
    }

    @Test
    void aConnectionThatBreaksIsNoAnswerAndAnAnswerIsOneLineOfAtMost4KiB() throws Exception {
        ReadableByteChannel reset = new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                throw new IOException("Connection reset by peer");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        assertThat(ReturnPath.readReturn(reset))
                .isEqualTo("the destination closed the connection without an answer (Connection reset by peer)");

        String why = "x".repeat(10_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReturnPath.writeReturn(Channels.newChannel(out), why);
        assertThat(ReturnPath.readReturn(Channels.newChannel(new ByteArrayInputStream(out.toByteArray()))))
                .isEqualTo(why.substring(0, 4096 - ReturnPath.ERROR.length()));
    }
}
