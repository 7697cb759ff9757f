package dev.vnvdimm.emulator.hostmem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.emulator.QemuError;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JNA mapping layer on real files in a temporary directory. */
class MemoryBackendFileTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private MemoryBackendFile create(BackendOptions o) {
        return MemoryBackendFile.create(o, warnings::add, Progress.NONE);
    }

    private BackendOptions file(String name, long size) {
        return BackendOptions.of("mem1", size).withMemPath(dir.resolve(name)).withShare(true);
    }

    @Test
    void aMissingFileIsCreatedAtTheBackendSize() throws IOException {
        try (MemoryBackendFile b = create(file("nv.img", 64 * MIB))) {
            assertThat(b.createdFile()).isTrue();
            assertThat(Files.size(dir.resolve("nv.img"))).isEqualTo(64 * MIB);
            assertThat(b.size()).isEqualTo(64 * MIB);
            assertThat(b.alignment()).isEqualTo(HostPageSize.host());
        }
    }

    @Test
    void aDirectoryGetsAnUnlinkedTempFile() throws IOException {
        Path vm = Files.createDirectory(dir.resolve("vm"));
        try (MemoryBackendFile b = create(BackendOptions.of("mem1", 8 * MIB).withMemPath(vm).withShare(true))) {
            assertThat(b.isAnonymousFile()).isTrue();
            assertThat(b.path().getFileName().toString()).startsWith("qemu_back_mem.mem1.");
            try (var s = Files.list(vm)) {
                assertThat(s.toList()).isEmpty();
            }
            b.memory().write(0, "works".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(b.memory().read(0, 5), StandardCharsets.US_ASCII)).isEqualTo("works");
        }
    }

    @Test
    void sharedWritesReachTheFileAndPrivateOnesDoNot() throws IOException {
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        try (MemoryBackendFile b = create(file("shared.img", 4 * MIB))) {
            b.memory().write(8192, hello);
            b.sync(8192, hello.length);
        }
        assertThat(readFile("shared.img", 8192, 5)).isEqualTo(hello);

        try (MemoryBackendFile b = create(file("shared.img", 4 * MIB).withShare(false))) {
            assertThat(b.memory().read(8192, 5)).isEqualTo(hello);
            b.memory().write(8192, "HELLO".getBytes(StandardCharsets.US_ASCII));
            assertThat(b.memory().read(8192, 5)).isEqualTo("HELLO".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(readFile("shared.img", 8192, 5)).isEqualTo(hello);
    }

    @Test
    void anEmptyFileIsExtendedAndALargerOneIsLeftAlone() throws IOException {
        Files.write(dir.resolve("empty.img"), new byte[0]);
        try (MemoryBackendFile b = create(file("empty.img", 2 * MIB))) {
            assertThat(b.createdFile()).isFalse();
        }
        assertThat(Files.size(dir.resolve("empty.img"))).isEqualTo(2 * MIB);

        sparse("big.img", 16 * MIB);
        try (MemoryBackendFile b = create(file("big.img", 4 * MIB))) {
            assertThat(b.size()).isEqualTo(4 * MIB);
        }
        assertThat(Files.size(dir.resolve("big.img"))).isEqualTo(16 * MIB);
    }

    @Test
    void aSmallerNonEmptyFileIsRefusedWithQemuTextAndKept() throws IOException {
        sparse("small.img", 64 * MIB);
        assertThatThrownBy(() -> create(file("small.img", 256 * MIB))).isInstanceOf(QemuError.class)
                .hasMessage("backing store size 0x4000000 does not match 'size' option 0x10000000");
        assertThat(Files.size(dir.resolve("small.img"))).isEqualTo(64 * MIB);
    }

    @Test
    void aFileCreatedForAFailedBackendIsRemoved() {
        assertThatThrownBy(() -> create(file("new.img", 256 * MIB).withAlign(3 * MIB)))
                .hasMessage("alignment 0x300000 must be a power of two");
        assertThat(dir.resolve("new.img")).doesNotExist();
    }

    @Test
    void alignmentMustBeAPageMultiple() {
        assertThatThrownBy(() -> create(file("new.img", 4 * MIB).withAlign(512)))
                .hasMessage("alignment 0x200 must be multiples of page size 0x1000");
    }

    @Test
    void aLargerAlignmentIsTheRegionAlignment() {
        try (MemoryBackendFile b = create(file("a.img", 4 * MIB).withAlign(2 * MIB))) {
            assertThat(b.alignment()).isEqualTo(2 * MIB);
        }
    }

    @Test
    void sizesAreRoundedUpToWholePages() throws IOException {
        try (MemoryBackendFile b = create(file("odd.img", 256 * MIB + 1024))) {
            assertThat(b.size()).isEqualTo(256 * MIB + 4096);
        }
        assertThat(Files.size(dir.resolve("odd.img"))).isEqualTo(256 * MIB + 4096);
    }

    @Test
    void withoutSizeAnExistingFileIsUsedWhole() throws IOException {
        sparse("whole.img", 12 * MIB);
        BackendOptions o = new BackendOptions("mem1", Optional.empty(), Optional.of(dir.resolve("whole.img")), true,
                0, false, false, false, false, true, true, true);
        try (MemoryBackendFile b = create(o)) {
            assertThat(b.size()).isEqualTo(12 * MIB);
        }
        BackendOptions missing = new BackendOptions("mem1", Optional.empty(), Optional.of(dir.resolve("none.img")),
                true, 0, false, false, false, false, true, true, true);
        assertThatThrownBy(() -> create(missing)).hasMessage("Parameter 'size' is missing");
        assertThat(dir.resolve("none.img")).doesNotExist();
    }

    @Test
    void aMissingDirectoryIsReportedWithStrerror() {
        Path p = dir.resolve("no/such/dir/x.img");
        assertThatThrownBy(() -> create(BackendOptions.of("m", MIB).withMemPath(p)))
                .hasMessage("can't open backing store " + p + " for guest RAM: No such file or directory");
    }

    @Test
    void readOnlyMapsTheFileWithoutWriteAccessAndNeverCreatesIt() throws IOException {
        sparse("ro.img", 4 * MIB);
        try (MemoryBackendFile b = create(file("ro.img", 4 * MIB).withReadOnly(true))) {
            assertThat(b.isReadOnly()).isTrue();
            assertThat(b.memory().read(0, 4)).containsOnly(0);
        }
        assertThatThrownBy(() -> create(file("absent.img", 4 * MIB).withReadOnly(true)))
                .hasMessageContaining("No such file or directory");
        assertThat(dir.resolve("absent.img")).doesNotExist();
    }

    @Test
    void discardDataPunchesTheFileEmptyOnClose() throws IOException {
        BackendOptions o = new BackendOptions("m", Optional.of(4 * MIB), Optional.of(dir.resolve("d.img")), true, 0,
                false, true, false, false, true, true, true);
        try (MemoryBackendFile b = create(o)) {
            b.memory().fill(0, 4 * MIB, (byte) 0x5A);
            b.sync(0, 4 * MIB);
        }
        assertThat(readFile("d.img", 0, 4096)).containsOnly(0);
    }

    @Test
    void discardDataLeavesTheFileOfAPrivateMappingAlone() throws IOException {
        Files.write(dir.resolve("k.img"), new byte[(int) (4 * MIB)]);
        Files.write(dir.resolve("k.img"), "kept".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.WRITE);
        BackendOptions o = new BackendOptions("m", Optional.of(4 * MIB), Optional.of(dir.resolve("k.img")), false, 0,
                false, true, false, false, true, true, true);
        try (MemoryBackendFile b = create(o)) {
            b.memory().fill(0, 4096, (byte) 0x5A);
        }
        assertThat(readFile("k.img", 0, 4)).isEqualTo("kept".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void pmemOnANonDaxFileWarnsAndStillMaps() {
        BackendOptions o = new BackendOptions("m", Optional.of(4 * MIB), Optional.of(dir.resolve("p.img")), true, 0,
                false, false, true, false, true, true, true);
        try (MemoryBackendFile b = create(o)) {
            assertThat(b.memory().size()).isEqualTo(4 * MIB);
        }
        assertThat(warnings).contains("warning: Using non DAX backing file with 'pmem=on' option is deprecated");
        assertThat(warnings.get(0)).startsWith("warning: requesting persistence across crashes for backend file ");
    }

    @Test
    void preallocTouchesEveryPageAndReportsProgress() {
        List<Long> seen = new ArrayList<>();
        Progress p = (what, total) -> seen::add;
        BackendOptions o = new BackendOptions("m", Optional.of(8 * MIB), Optional.of(dir.resolve("pre.img")), true, 0,
                false, false, false, true, true, true, true);
        MemoryBackendFile.create(o, warnings::add, p).close();
        assertThat(seen).isNotEmpty().last().isEqualTo(8 * MIB);
    }

    @Test
    void aTebibyteSparseFileMapsWithoutTouchingItsPages() throws IOException {
        try (MemoryBackendFile b = create(file("huge.img", 1L << 40))) {
            assertThat(b.size()).isEqualTo(1L << 40);
            b.memory().write((1L << 40) - 5, "tail!".getBytes(StandardCharsets.US_ASCII));
            b.sync((1L << 40) - 5, 5);
        }
        assertThat(Files.size(dir.resolve("huge.img"))).isEqualTo(1L << 40);
        assertThat(readFile("huge.img", (1L << 40) - 5, 5)).isEqualTo("tail!".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void accessesOutsideTheMappingAreRefused() {
        try (MemoryBackendFile b = create(file("b.img", MIB))) {
            assertThatThrownBy(() -> b.memory().read(MIB - 2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> b.memory().putInt(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void abandoningRemovesOnlyAFileTheBackendCreated() throws IOException {
        MemoryBackendFile created = create(file("mine.img", MIB));
        created.abandon();
        assertThat(dir.resolve("mine.img")).doesNotExist();
        sparse("theirs.img", MIB);
        MemoryBackendFile existing = create(file("theirs.img", MIB));
        existing.abandon();
        assertThat(dir.resolve("theirs.img")).exists();
    }

    @Test
    void ramBackendsAreAnonymousWithTheTwoMebibyteAlignment() {
        try (MemoryBackendRam r = MemoryBackendRam.create(BackendOptions.of("r", 6 * MIB), Progress.NONE)) {
            assertThat(r.alignment()).isEqualTo(2 * MIB);
            r.memory().putLong(6 * MIB - 8, 0x1122334455667788L);
            assertThat(r.memory().getLong(6 * MIB - 8)).isEqualTo(0x1122334455667788L);
        }
    }

    private void sparse(String name, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
            f.setLength(size);
        }
    }

    private byte[] readFile(String name, long off, int len) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(name).toFile(), "r")) {
            byte[] b = new byte[len];
            f.seek(off);
            f.readFully(b);
            return b;
        }
    }
}
