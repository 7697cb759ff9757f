package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.Facs;
import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.abi.acpi.NvdimmPersistence;
import dev.vnvdimm.abi.acpi.TableLoaderCommand;
import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableBlobsTest {

    @Test
    void appendReturnsEachPiecesOffset() {
        TableBlobs.Builder b = TableBlobs.builder();

        assertThat(b.append("t", new byte[64])).isZero();
        assertThat(b.append("t", new byte[10])).isEqualTo(64);
        assertThat(b.size("t")).isEqualTo(74);
        assertThat(b.size("other")).isZero();
    }

    @Test
    void aTableChecksumCoversTheTableByItsLengthFieldAndIsClearedInTheBlobAsQemuDoes() {
        TableBlobs.Builder b = TableBlobs.builder().allocate("t", 64, AllocZone.HIGH);
        b.append("t", Facs.build());
        byte[] nfit = Nfit.table(List.of(NfitTest.DIMMPXM), Optional.of(NvdimmPersistence.CPU));
        int at = b.append("t", nfit);

        TableBlobs blobs = b.addTableChecksum("t", at).build();

        assertThat(blobs.commands()).containsExactly(new TableLoaderCommand.Allocate("t", 64, AllocZone.HIGH),
                new TableLoaderCommand.AddChecksum("t", 64 + 9, 64, nfit.length));
        assertThat(blobs.file("t")[64 + 9]).isZero();
        assertThat(nfit[9]).isEqualTo((byte) 0xD5);
    }

    @Test
    void blobsAreCopiedInAndOut() {
        byte[] contents = {1, 2, 3};
        TableBlobs blobs = TableBlobs.of(Map.of("f", contents), List.of(new TableLoaderCommand.Allocate("f", 1, AllocZone.HIGH)));
        contents[0] = 9;
        blobs.file("f")[1] = 9;

        assertThat(blobs.file("f")).containsExactly(1, 2, 3);
    }

    @Test
    void commandsFirmwareCouldNotRunAreRejectedByIndex() {
        Map<String, byte[]> files = Map.of("a", new byte[16], "b", new byte[16]);
        TableLoaderCommand.Allocate allocA = new TableLoaderCommand.Allocate("a", 16, AllocZone.HIGH);

        assertThatThrownBy(() -> TableBlobs.of(files, List.of(new TableLoaderCommand.Allocate("c", 1, AllocZone.HIGH))))
                .hasMessageStartingWith("command 0 ").hasMessageEndingWith(": no such blob");
        assertThatThrownBy(() -> TableBlobs.of(files, List.of(allocA, allocA)))
                .hasMessageStartingWith("command 1 ").hasMessageEndingWith(": the blob is already allocated");
        assertThatThrownBy(() -> TableBlobs.of(files, List.of(allocA, new TableLoaderCommand.AddPointer("a", "b", 0, 4))))
                .hasMessageStartingWith("command 1 ").hasMessageEndingWith(": b is not allocated before this command");
        assertThatThrownBy(() -> TableBlobs.of(files, List.of(allocA, new TableLoaderCommand.AddPointer("a", "a", 12, 8))))
                .hasMessageEndingWith(": bytes [12, 20) lie outside the 16-byte blob");
        assertThatThrownBy(() -> TableBlobs.of(files, List.of(allocA, new TableLoaderCommand.AddChecksum("a", 16, 0, 16))))
                .hasMessageEndingWith(": bytes [16, 17) lie outside the 16-byte blob");
        assertThatThrownBy(() -> TableBlobs.of(Map.of("e", new byte[0]), List.of(new TableLoaderCommand.Allocate("e", 1, AllocZone.HIGH))))
                .hasMessageEndingWith(": the blob is empty");
    }
}
