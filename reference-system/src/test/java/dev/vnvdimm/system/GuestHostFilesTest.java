package dev.vnvdimm.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.guest.ReferenceGuest;
import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.guest.platform.ForwardingPlatform;
import dev.vnvdimm.guest.platform.HostFiles;
import dev.vnvdimm.guest.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files guest commands name ({@code ndctl read-labels -o}, {@code write-labels -i}, {@code dd}) are Platform's. */
class GuestHostFilesTest {
    /** Host files kept in memory, by resolved path. */
    static final class InMemoryHostFiles implements HostFiles {
        final Map<Path, byte[]> files = new HashMap<>();

        private byte[] file(Path f) throws IOException {
            byte[] b = files.get(f);
            if (b == null) {
                throw new NoSuchFileException(f.toString());
            }
            return b;
        }

        @Override
        public boolean exists(Path file) {
            return files.containsKey(file);
        }

        @Override
        public long size(Path file) throws IOException {
            return file(file).length;
        }

        @Override
        public byte[] readAll(Path file) throws IOException {
            return file(file).clone();
        }

        @Override
        public void writeAll(Path file, byte[] bytes) {
            files.put(file, bytes.clone());
        }

        @Override
        public int read(Path file, long position, byte[] dst, int length) throws IOException {
            byte[] b = file(file);
            int n = (int) Math.max(0, Math.min(length, b.length - position));
            System.arraycopy(b, (int) position, dst, 0, n);
            return n;
        }

        @Override
        public void write(Path file, long position, byte[] src, int length) {
            byte[] b = files.getOrDefault(file, new byte[0]);
            if (b.length < position + length) {
                b = Arrays.copyOf(b, (int) (position + length));
            }
            System.arraycopy(src, 0, b, (int) position, length);
            files.put(file, b);
        }
    }

    @TempDir
    Path dir;

    private Machine machine;
    private ReferenceGuest guest;
    private final InMemoryHostFiles files = new InMemoryHostFiles();

    @BeforeEach
    void boot() {
        machine = ReferenceSystem.powerOn(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m 256M,slots=2,maxmem=2G -object memory-backend-file,id=mem1,share=on,"
                        + "mem-path=" + dir.resolve("nv.img") + ",size=256M -device nvdimm,id=nv1,memdev=mem1,"
                        + "label-size=128K"), Progress.NONE);
        Platform platform = new ForwardingPlatform(new MachinePlatform(machine)) {
            @Override
            public HostFiles hostFiles() {
                return files;
            }
        };
        guest = ReferenceGuest.boot(platform, dir);
    }

    @AfterEach
    void off() {
        machine.close();
    }

    private CommandResult run(String line) {
        return guest.run(CommandLineTokenizer.split(line));
    }

    private void ok(String line) {
        CommandResult r = run(line);
        assertThat(r.exitCode()).as("%s: %s", line, r.combined()).isZero();
    }

    @Test
    void readLabelsOutputAndWriteLabelsInputAreThePlatformsHostFiles() {
        ok("ndctl disable-region region0");
        ok("ndctl init-labels nmem0");
        ok("ndctl read-labels nmem0 -o labels.bin");
        byte[] saved = files.files.get(dir.resolve("labels.bin"));
        assertThat(saved).hasSize(128 * 1024);
        assertThat(Files.exists(dir.resolve("labels.bin"))).isFalse();

        ok("ndctl zero-labels nmem0");
        assertThat(run("ndctl check-labels nmem0").exitCode()).isNotZero();
        ok("ndctl write-labels nmem0 -i labels.bin");
        ok("ndctl check-labels nmem0");
        assertThat(run("ndctl write-labels nmem0 -i missing.bin").stderr())
                .contains("nmem0: failed: ").contains("missing.bin");
    }

    @Test
    void ddReadsAndWritesThePlatformsHostFiles() {
        ok("dd if=/dev/urandom of=data.bin bs=4K count=3");
        assertThat(files.files.get(dir.resolve("data.bin"))).hasSize(3 * 4096);
        assertThat(Files.exists(dir.resolve("data.bin"))).isFalse();
        ok("dd if=data.bin of=copy.bin bs=1K skip=1 seek=2");
        byte[] data = files.files.get(dir.resolve("data.bin"));
        byte[] copy = files.files.get(dir.resolve("copy.bin"));
        assertThat(Arrays.copyOfRange(copy, 2048, copy.length)).isEqualTo(Arrays.copyOfRange(data, 1024, data.length));
    }
}
