package dev.vnvdimm.abi.acpi;

import dev.vnvdimm.abi.acpi.TableLoaderCommand.AddChecksum;
import dev.vnvdimm.abi.acpi.TableLoaderCommand.AddPointer;
import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;
import dev.vnvdimm.abi.acpi.TableLoaderCommand.Allocate;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableLoaderCommandTest {

    static final List<TableLoaderCommand> QEMU_LIKE = List.of(
            new Allocate("etc/acpi/rsdp", 16, AllocZone.FSEG),
            new Allocate("etc/acpi/tables", 64, AllocZone.HIGH),
            new Allocate("etc/acpi/nvdimm-mem", 4096, AllocZone.HIGH),
            new AddPointer("etc/acpi/tables", "etc/acpi/nvdimm-mem", 0x1F53, 4),
            new AddChecksum("etc/acpi/tables", 0x1849, 0x1840, 0x717),
            new AddPointer("etc/acpi/rsdp", "etc/acpi/tables", 24, 8));

    @Test
    void eachCommandIsOne128ByteEntryWithItsFieldsAtQemusOffsets() {
        byte[] bytes = TableLoaderCommand.encode(QEMU_LIKE);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(bytes).hasSize(6 * 128);
        // ALLOCATE: command 1, name at 4, align at 60, zone byte at 64
        assertThat(b.getInt(0)).isEqualTo(1);
        assertThat(new String(bytes, 4, 13, StandardCharsets.US_ASCII)).isEqualTo("etc/acpi/rsdp");
        assertThat(Arrays.copyOfRange(bytes, 4 + 13, 60)).containsOnly(0);
        assertThat(b.getInt(60)).isEqualTo(16);
        assertThat(bytes[64]).isEqualTo((byte) 2);
        assertThat(bytes[128 + 64]).isEqualTo((byte) 1);
        assertThat(Arrays.copyOfRange(bytes, 65, 128)).containsOnly(0);
        // ADD_POINTER: command 2, dest at 4, src at 60, offset at 116, size byte at 120
        int p = 3 * 128;
        assertThat(b.getInt(p)).isEqualTo(2);
        assertThat(new String(bytes, p + 4, 15, StandardCharsets.US_ASCII)).isEqualTo("etc/acpi/tables");
        assertThat(new String(bytes, p + 60, 19, StandardCharsets.US_ASCII)).isEqualTo("etc/acpi/nvdimm-mem");
        assertThat(b.getInt(p + 116)).isEqualTo(0x1F53);
        assertThat(bytes[p + 120]).isEqualTo((byte) 4);
        assertThat(Arrays.copyOfRange(bytes, p + 121, p + 128)).containsOnly(0);
        // ADD_CHECKSUM: command 3, file at 4, offset at 60, start at 64, length at 68
        int k = 4 * 128;
        assertThat(b.getInt(k)).isEqualTo(3);
        assertThat(b.getInt(k + 60)).isEqualTo(0x1849);
        assertThat(b.getInt(k + 64)).isEqualTo(0x1840);
        assertThat(b.getInt(k + 68)).isEqualTo(0x717);
        assertThat(Arrays.copyOfRange(bytes, k + 72, k + 128)).containsOnly(0);
    }

    @Test
    void theNamedOffsetsAreQemus() {
        assertThat(List.of(Allocate.FILE, Allocate.ALIGN, Allocate.ZONE)).containsExactly(4, 60, 64);
        assertThat(List.of(AddPointer.DEST_FILE, AddPointer.SRC_FILE, AddPointer.OFFSET, AddPointer.SIZE))
                .containsExactly(4, 60, 116, 120);
        assertThat(List.of(AddChecksum.FILE, AddChecksum.OFFSET, AddChecksum.START, AddChecksum.LENGTH))
                .containsExactly(4, 60, 64, 68);
        assertThat(List.of(AllocZone.HIGH.code(), AllocZone.FSEG.code())).containsExactly(1, 2);
    }

    @Test
    void decodingGivesBackTheCommands() {
        assertThat(TableLoaderCommand.decode(TableLoaderCommand.encode(QEMU_LIKE))).isEqualTo(QEMU_LIKE);
        assertThat(TableLoaderCommand.decode(new byte[0])).isEmpty();
    }

    @Test
    void aPartialEntryIsReportedWhereItStarts() {
        byte[] bytes = Arrays.copyOf(TableLoaderCommand.encode(QEMU_LIKE), 2 * 128 + 5);

        assertThatThrownBy(() -> TableLoaderCommand.decode(bytes))
                .isInstanceOf(AcpiTableFormatException.class)
                .hasMessage("etc/table-loader offset 0x100: partial entry of 5 bytes; entries are 128");
    }

    @Test
    void unknownCommandsIncludingWritePointerAreRejected() {
        byte[] bytes = TableLoaderCommand.encode(QEMU_LIKE);
        bytes[128] = (byte) TableLoaderCommand.COMMAND_WRITE_POINTER;

        assertThatThrownBy(() -> TableLoaderCommand.decode(bytes))
                .hasMessage("etc/table-loader offset 0x80: unknown command 4");
    }

    @Test
    void fieldsNoFirmwareAcceptsAreReportedAtTheirOffset() {
        byte[] noNul = TableLoaderCommand.encode(QEMU_LIKE);
        Arrays.fill(noNul, 4, 60, (byte) 'a');
        assertThatThrownBy(() -> TableLoaderCommand.decode(noNul))
                .hasMessage("etc/table-loader offset 0x4: file name fills all 56 bytes without a NUL");

        byte[] zone = TableLoaderCommand.encode(QEMU_LIKE);
        zone[128 + 64] = 3;
        assertThatThrownBy(() -> TableLoaderCommand.decode(zone))
                .hasMessage("etc/table-loader offset 0xc0: zone 3 is neither HIGH (1) nor FSEG (2)");

        byte[] align = TableLoaderCommand.encode(QEMU_LIKE);
        align[60] = 24;
        assertThatThrownBy(() -> TableLoaderCommand.decode(align))
                .hasMessage("etc/table-loader offset 0x3c: alignment 24 is not a power of two");

        byte[] size = TableLoaderCommand.encode(QEMU_LIKE);
        size[3 * 128 + 120] = 3;
        assertThatThrownBy(() -> TableLoaderCommand.decode(size))
                .hasMessage("etc/table-loader offset 0x1f8: pointer size 3 is not 1, 2, 4 or 8");

        byte[] empty = TableLoaderCommand.encode(QEMU_LIKE);
        Arrays.fill(empty, 5 * 128 + 60, 5 * 128 + 116, (byte) 0);
        assertThatThrownBy(() -> TableLoaderCommand.decode(empty))
                .hasMessage("etc/table-loader offset 0x2bc: empty file name");
    }

    @Test
    void commandsRejectValuesTheFormatCannotCarry() {
        assertThatThrownBy(() -> new Allocate("x".repeat(56), 64, AllocZone.HIGH))
                .hasMessageContaining("1 to 55 ASCII characters");
        assertThatThrownBy(() -> new Allocate("etc/acpi/tables", 48, AllocZone.HIGH))
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> new AddPointer("a", "b", 0, 3)).hasMessageContaining("1, 2, 4 or 8");
        assertThatThrownBy(() -> new AddChecksum("a", 0, -1, 4)).hasMessageContaining("32 bits");
        assertThat(new Allocate("x".repeat(55), 1, AllocZone.FSEG).file()).hasSize(55);
    }
}
