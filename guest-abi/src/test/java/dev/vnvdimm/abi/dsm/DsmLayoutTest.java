package dev.vnvdimm.abi.dsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The derived layout matches the numbers QEMU's structs give (spec notes §1.2, §1.3, §1.7, §1.9). */
class DsmLayoutTest {

    @Test
    void theRequestAndReplyFieldsSitWhereQemusStructsPutThem() {
        assertThat(new int[] {DsmPage.HANDLE, DsmPage.REVISION, DsmPage.FUNCTION, DsmPage.ARG3})
                .containsExactly(0x0, 0x4, 0x8, 0xC);
        assertThat(DsmPage.ARG3_SIZE).isEqualTo(4084);
        assertThat(DsmPage.OUTPUT).isEqualTo(4);
        assertThat(DsmPage.OUTPUT_SIZE).isEqualTo(4092);
    }

    @Test
    void theTransferLimitsAreQemus() {
        assertThat(IntelDsm.MAX_LABEL_TRANSFER).isEqualTo(0xFEC);
        assertThat(QemuReservedDsm.MAX_FIT_CHUNK).isEqualTo(4088);
        assertThat(IntelDsm.LABELLED_DEVICE_FUNCTIONS).isEqualTo(0x71);
        assertThat(QemuReservedDsm.FUNCTIONS).isEqualTo(0x3);
    }

    @Test
    void aRequestPageCarriesTheHeaderWordsAndArg3() {
        byte[] page = DsmPage.request(DsmHandles.ofSlot(0), IntelDsm.REVISION_1, IntelDsm.SET_LABEL_DATA,
                IntelDsm.labelDataInput(0x10, 2, new byte[] {(byte) 0xAB, (byte) 0xCD}));

        assertThat(page).hasSize(DsmPage.SIZE);
        assertThat(HexFormat.of().formatHex(page, 0, 22)).isEqualTo("01000000" + "01000000" + "06000000"
                + "10000000" + "02000000" + "abcd");
        ByteBuffer arg3 = DsmPage.arg3(ByteBuffer.wrap(page));
        assertThat(arg3.getInt(IntelDsm.LABEL_OFFSET)).isEqualTo(0x10);
        assertThat(arg3.getInt(IntelDsm.LABEL_LENGTH)).isEqualTo(2);
    }

    @Test
    void aReplyCountsItsLengthWordAndYieldsItsOutput() {
        byte[] reply = DsmPage.reply(new IntelDsm.LabelSize(DsmStatus.SUCCESS, 0x20000,
                IntelDsm.MAX_LABEL_TRANSFER).encode());

        assertThat(HexFormat.of().formatHex(reply)).isEqualTo("10000000" + "00000000" + "00000200" + "ec0f0000");
        assertThat(DsmPage.replyLength(reply)).isEqualTo(16);
        assertThat(IntelDsm.LabelSize.decode(DsmPage.output(reply)))
                .isEqualTo(new IntelDsm.LabelSize(0, 0x20000, 0xFEC));
        assertThat(DsmStatus.of(DsmPage.output(DsmPage.reply(DsmStatus.output(DsmStatus.INVALID_INPUT)))))
                .isEqualTo(3);
    }

    @Test
    void aReplyLongerThanItsPageIsRefused() {
        byte[] reply = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 9).array();

        assertThatThrownBy(() -> DsmPage.output(reply)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DsmPage.request(1, 1, 5, new byte[DsmPage.ARG3_SIZE + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
