package dev.vnvdimm.emulator.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.config.QemuOpts;
import dev.vnvdimm.emulator.dimm.Nvdimm;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration after a hot add: the hot-added backend is a RAM block like any other, so a destination that declares
 * the device on its command line takes it (cold-plugged there, as in QEMU), and one that does not is refused by
 * name before it writes anything.
 */
@Timeout(60)
class HotplugMigrationTest {
    private static final String MACHINE = "-machine pc,nvdimm=on -m 128M,slots=2,maxmem=2G ";
    private static final byte[] LABEL = "hot label".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = "hot pmem".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final List<Machine> machines = new ArrayList<>();
    private Path stream;

    private Machine machine(String prefix, String more) {
        Machine m = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(MACHINE
                + "-object memory-backend-file,id=m1,share=on,mem-path=" + dir.resolve(prefix + "-n1.img")
                + ",size=256M -device nvdimm,id=n1,memdev=m1,label-size=128K" + more)));
        machines.add(m);
        return m;
    }

    private String hotDevice(String prefix) {
        return " -object memory-backend-file,id=m2,share=on,mem-path=" + dir.resolve(prefix + "-n2.img")
                + ",size=64M -device nvdimm,id=n2,memdev=m2,label-size=128K";
    }

    @BeforeEach
    void hotAddThenMigrateToAFile() throws Exception {
        Machine src = machine("src", "");
        src.hotplug().objectAdd(QemuOpts.parse("-object", "memory-backend-file,id=m2,share=on,mem-path="
                + dir.resolve("src-n2.img") + ",size=64M", "qom-type"));
        Nvdimm n2 = (Nvdimm) src.hotplug().deviceAdd(QemuOpts.parse("-device",
                "nvdimm,id=n2,memdev=m2,label-size=128K", "driver"));
        n2.labelArea().orElseThrow().write(7, LABEL);
        src.memoryMap().write(n2.addr() + 8192, DATA);
        stream = dir.resolve("vm.mig");
        OutgoingMigration out = new OutgoingMigration(src, MigrationUri.parse("file:" + stream), false,
                () -> new byte[0], () -> { });
        out.start();
        out.await();
        assertThat(out.status()).isEqualTo(MigrationStatus.COMPLETED);
    }

    @AfterEach
    void powerOff() {
        machines.forEach(Machine::close);
    }

    @Test
    void aDestinationThatDeclaresTheHotAddedDeviceTakesItColdPlugged() throws Exception {
        Machine dst = machine("dst", hotDevice("dst"));
        new IncomingMigration(dst).load(Files.newInputStream(stream));
        Nvdimm n2 = (Nvdimm) dst.dimm("n2").orElseThrow();
        assertThat(n2.labelArea().orElseThrow().read(7, LABEL.length)).isEqualTo(LABEL);
        assertThat(dst.memoryMap().read(n2.addr() + 8192, DATA.length)).isEqualTo(DATA);
        assertThat(n2.hotplugged()).isFalse();
        assertThat(n2.slot()).isEqualTo(1);
        assertThat(n2.addr()).isEqualTo(0x10FFE0000L);
    }

    @Test
    void aDestinationWithoutItIsRefusedByNameBeforeItWritesAnything() throws Exception {
        Machine dst = machine("bare", "");
        dst.memoryMap().write(0x200000, "untouched".getBytes(StandardCharsets.UTF_8));
        byte[] before = Files.readAllBytes(dir.resolve("bare-n1.img"));
        assertThatThrownBy(() -> new IncomingMigration(dst).load(Files.newInputStream(stream)))
                .hasMessage("Unknown ramblock \"m2\", cannot accept migration");
        assertThat(Files.readAllBytes(dir.resolve("bare-n1.img"))).isEqualTo(before);
        assertThat(dst.memoryMap().read(0x200000, 9)).isEqualTo("untouched".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSourceDescribesTheHotAddedDeviceAndItsBlock() {
        Machine again = machine("again", "");
        again.hotplug().objectAdd(QemuOpts.parse("-object", "memory-backend-ram,id=m2,size=64M", "qom-type"));
        MachineDescription before = MachineDescription.of(again);
        assertThat(before.ramBlocks()).extracting(MachineDescription.Block::id).containsExactly("pc.ram", "m1");
        again.hotplug().deviceAdd(QemuOpts.parse("-device", "nvdimm,id=n2,memdev=m2", "driver"));
        MachineDescription after = MachineDescription.of(again);
        assertThat(after.ramBlocks()).extracting(MachineDescription.Block::id).containsExactly("pc.ram", "m1", "m2");
        assertThat(after.devices()).extracting(MachineDescription.Device::id).containsExactly("n1", "n2");
    }
}
