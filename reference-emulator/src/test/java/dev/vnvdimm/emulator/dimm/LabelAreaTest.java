package dev.vnvdimm.emulator.dimm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label area on its own, below the DSM handler's checks: its last byte is reachable, one byte past it is
 * refused before anything moves, writes land at the end of the backing file, and a read-only backend's area
 * refuses writes.
 */
class LabelAreaTest {
    private static final long FILE = 64L << 20;
    private static final int LABEL = 128 << 10;

    @TempDir
    Path dir;

    private Machine build(String backendExtra) {
        return new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G -object memory-backend-file,id=mem1,size=64M,mem-path="
                        + dir.resolve("nv1.img") + backendExtra + " -device nvdimm,id=nv1,memdev=mem1,label-size=128K"
                        + (backendExtra.contains("readonly=on") ? ",unarmed=on" : ""))));
    }

    private byte[] fileTail(int length) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("nv1.img").toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(FILE - length);
            f.readFully(b);
            return b;
        }
    }

    @Test
    void theLastBytesAreReachableAndLandAtTheEndOfTheFile() throws Exception {
        try (Machine m = build(",share=on")) {
            LabelArea area = m.nvdimms().get(0).labelArea().orElseThrow();
            assertThat(area.size()).isEqualTo(LABEL);
            assertThat(area.offsetInBackend()).isEqualTo(FILE - LABEL);
            area.write(LABEL - 4, new byte[] {1, 2, 3, 4});
            assertThat(area.read(LABEL - 4, 4)).containsExactly(1, 2, 3, 4);
            assertThat(area.read(LABEL - 1, 1)).containsExactly(4);
            assertThat(area.read(LABEL, 0)).isEmpty();
            area.write(0, new byte[] {9});
        }
        assertThat(fileTail(4)).containsExactly(1, 2, 3, 4);
        assertThat(fileTail(LABEL)[0]).isEqualTo((byte) 9);
    }

    @Test
    void aRangeOneBytePastTheEndIsRefusedAndNothingMoves() throws Exception {
        try (Machine m = build(",share=on")) {
            LabelArea area = m.nvdimms().get(0).labelArea().orElseThrow();
            assertThatThrownBy(() -> area.write(LABEL - 3, new byte[] {7, 7, 7, 7}))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("label range [0x1fffd, +0x4) is outside the label area of 0x20000 bytes");
            assertThatThrownBy(() -> area.read(LABEL - 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> area.read(LABEL + 1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> area.read(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
        assertThat(fileTail(4)).containsOnly(0);
    }

    @Test
    void aReadOnlyBackendsAreaIsReadOnlyAndRefusesWrites() throws Exception {
        Files.write(dir.resolve("nv1.img"), new byte[(int) FILE]);
        try (Machine m = build(",readonly=on")) {
            Nvdimm nv = m.nvdimms().get(0);
            assertThat(nv.isReadOnly()).isTrue();
            LabelArea area = nv.labelArea().orElseThrow();
            assertThat(area.isReadOnly()).isTrue();
            assertThatThrownBy(() -> area.write(0, new byte[] {1}))
                    .hasMessage("label area of read-only memdev mem1 cannot be written");
        }
        try (Machine m = build(",share=on")) {
            assertThat(m.nvdimms().get(0).isReadOnly()).isFalse();
        }
    }
}
