package dev.vnvdimm.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.guest.ReferenceGuest;
import dev.vnvdimm.guest.ndctl.CommandResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference guest's state beyond memory (GUEST_STATE), and its dd, sha256sum and md5sum on pmem block devices. */
class GuestResumeTest {
    @TempDir
    Path dir;

    private Machine machine;
    private ReferenceGuest guest;

    @BeforeEach
    void boot() {
        machine = ReferenceSystem.powerOn(CommandLineTokenizer.split(
                "-machine pc,nvdimm=on -m 256M,slots=2,maxmem=2G -object memory-backend-file,id=mem1,share=on,"
                        + "mem-path=" + dir.resolve("nv.img") + ",size=256M -device nvdimm,id=nv1,memdev=mem1,label-size=128K"), Progress.NONE);
        guest = ReferenceSystem.bootGuest(machine, dir);
    }

    @AfterEach
    void off() {
        machine.close();
    }

    private String ok(ReferenceGuest g, String line) {
        CommandResult r = g.run(CommandLineTokenizer.split(line));
        assertThat(r.exitCode()).as("%s: %s", line, r.combined()).isZero();
        return r.stdout();
    }

    @Test
    void aResumedGuestKeepsItsDeviceNamesRegionStatesAndLog() {
        ok(guest, "ndctl disable-region region0");
        ok(guest, "ndctl init-labels nmem0");
        ok(guest, "ndctl enable-region region0");
        ok(guest, "ndctl create-namespace -r region0 -m raw -s 32M -n one");
        ok(guest, "ndctl create-namespace -r region0 -m raw -s 32M -n two");
        ok(guest, "ndctl destroy-namespace namespace0.0 -f");
        String list = ok(guest, "ndctl list -N -R -i");
        ReferenceGuest resumed = ReferenceSystem.resumeGuest(machine, dir, guest.saveState());
        assertThat(ok(resumed, "ndctl list -N -R -i")).isEqualTo(list);
        assertThat(ok(resumed, "dmesg")).isEqualTo(ok(guest, "dmesg"));
        assertThat(list).contains("\"dev\":\"namespace0.1\"").contains("\"name\":\"two\"")
                .doesNotContain("\"name\":\"one\"");
        // not vacuous: a guest booted afresh on the same memory names and enables differently
        ReferenceGuest rebooted = ReferenceSystem.bootGuest(machine, dir);
        assertThat(ok(rebooted, "ndctl list -N -R -i")).isNotEqualTo(list);
        ok(guest, "ndctl disable-region region0");
        ReferenceGuest again = ReferenceSystem.resumeGuest(machine, dir, guest.saveState());
        assertThat(ok(again, "ndctl list -R -i")).contains("\"state\":\"disabled\"");
    }

    @Test
    void aStateFromAnotherMachineIsRefused() {
        assertThatThrownBy(() -> ReferenceSystem.resumeGuest(machine, dir,
                "{\"version\":1,\"regions\":[{\"dev\":\"region7\",\"enabled\":true,\"namespaceIds\":{},\"seed\":null}],\"log\":[]}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("guest state names region7, which this machine does not have");
        assertThatThrownBy(() -> ReferenceSystem.resumeGuest(machine, dir, new byte[] {1, 2}))
                .hasMessageStartingWith("unreadable guest state");
    }

    @Test
    void ddWritesTheNamespaceAndTheDigestsReadItBack() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(5).nextBytes(data);
        Files.write(dir.resolve("data.bin"), data);
        // label-less DIMM: one namespace over the whole region, block device pmem0
        CommandResult dd = guest.run(List.of("dd", "if=data.bin", "of=/dev/pmem0", "bs=1M", "seek=2"));
        assertThat(dd).isEqualTo(CommandResult.ok("", "3+0 records in\n3+0 records out\n"));
        long base = machine.nvdimms().get(0).addr();
        assertThat(machine.memoryMap().read(base + (2 << 20), data.length)).isEqualTo(data);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(data));
        ok(guest, "dd if=/dev/pmem0 of=back.bin bs=1M skip=2 count=3");
        assertThat(ok(guest, "sha256sum back.bin")).isEqualTo(expected + "  back.bin\n");
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        String md5OfFirstMiB = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(Arrays.copyOf(data, 1 << 20)));
        ok(guest, "dd if=/dev/pmem0 of=first.bin bs=1M skip=2 count=1");
        assertThat(ok(guest, "md5sum back.bin first.bin"))
                .isEqualTo(md5 + "  back.bin\n" + md5OfFirstMiB + "  first.bin\n");
        assertThat(guest.run(List.of("md5sum", "nothing.bin")).stderr())
                .isEqualTo("md5sum: can't open 'nothing.bin': No such file or directory\n");
        assertThat(guest.run(List.of("dd", "if=/dev/zero", "of=/dev/pmem9", "count=1")))
                .isEqualTo(CommandResult.fail(1, "", "dd: can't open '/dev/pmem9': No such file or directory\n"));
        assertThat(guest.run(List.of("dd", "if=/dev/zero", "of=/dev/pmem0", "bs=1M", "seek=255", "count=2")).stderr())
                .endsWith("dd: error writing '/dev/pmem0': No space left on device\n");
    }

    @Test
    void aLabelWriteWhileTheRegionIsEnabledIsRefusedByTheGuestKernelAsLinuxRefusesIt() {
        String write = "nvdimm-dsm nmem0 --function 6 --offset 98304 --length 4 --data 01000000";
        assertThat(guest.run(CommandLineTokenizer.split(write)))
                .isEqualTo(CommandResult.fail(3, "kernel refused: Device or resource busy\n", ""));
        ok(guest, "ndctl disable-region region0");
        assertThat(ok(guest, write)).isEqualTo("status 0x0\ndata \n");
        assertThat(ok(guest, "nvdimm-dsm nmem0 --function 5 --offset 98304 --length 4")).isEqualTo("status 0x0\ndata 01000000\n");
    }
}
