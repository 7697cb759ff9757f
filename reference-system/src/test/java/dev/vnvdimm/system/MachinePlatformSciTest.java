package dev.vnvdimm.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.acpipm.GpeBlock;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.config.QemuOpts;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The machine's SCI reaching the guest's handler through {@link MachinePlatform#sci()}. */
@Timeout(30)
class MachinePlatformSciTest {
    private final Machine machine = new MachineFactory(Progress.NONE).build(MachineConfig.parse(
            CommandLineTokenizer.split("-machine pc,nvdimm=on -m 128M,slots=2,maxmem=2G")));
    private final MachinePlatform platform = new MachinePlatform(machine);
    private final BlockingQueue<Thread> calls = new LinkedBlockingQueue<>();

    @AfterEach
    void powerOff() {
        machine.close();
    }

    private void hotAddNvdimm(String id) {
        machine.hotplug().objectAdd(QemuOpts.parse("-object", "memory-backend-ram,id=m" + id + ",size=64M",
                "qom-type"));
        machine.hotplug().deviceAdd(QemuOpts.parse("-device", "nvdimm,id=" + id + ",memdev=m" + id, "driver"));
    }

    @Test
    void aHotPlugWithTheGpeEnabledCallsTheHandlerOnTheInterruptThread() throws Exception {
        platform.sci().connect(() -> {
            // the guest acknowledges (status bit 4 is write-1-to-clear) before the test is told of the call,
            // so the test never looks at the line between the call and the acknowledgement
            platform.writeIo(0xAFE0, 1, 0x10);
            calls.add(Thread.currentThread());
        });
        platform.writeIo(0xAFE2, 1, 0x10);
        hotAddNvdimm("n1");
        Thread t = calls.poll(10, TimeUnit.SECONDS);
        assertThat(t).isNotNull().isNotSameAs(Thread.currentThread());
        assertThat(t.isDaemon()).isTrue();
        assertThat(machine.sci().isRaised()).isFalse();
        hotAddNvdimm("n2");
        assertThat(calls.poll(10, TimeUnit.SECONDS)).isSameAs(t);
    }

    @Test
    void aPausedMachineDeliversWhenItIsContinuedAndADisabledEventNotAtAll() throws Exception {
        platform.sci().connect(() -> calls.add(Thread.currentThread()));
        machine.gpe().raise(GpeBlock.NVDIMM_HOTPLUG_BIT); // not enabled: the line stays low
        assertThat(calls.poll(300, TimeUnit.MILLISECONDS)).isNull();
        machine.vcpu().pause();
        platform.writeIo(0xAFE2, 1, 0x10);
        assertThat(machine.sci().isRaised()).isTrue();
        assertThat(calls.poll(300, TimeUnit.MILLISECONDS)).isNull();
        machine.vcpu().resume();
        assertThat(calls.poll(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void callsAreOneAtATime() throws Exception {
        List<Integer> overlaps = new CopyOnWriteArrayList<>();
        int[] inside = {0};
        platform.sci().connect(() -> {
            synchronized (inside) {
                if (++inside[0] > 1) {
                    overlaps.add(inside[0]);
                }
            }
            calls.add(Thread.currentThread());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (inside) {
                inside[0]--;
            }
        });
        for (int i = 0; i < 5; i++) {
            platform.writeIo(0xAFE2, 1, 0x10);
            machine.gpe().raise(GpeBlock.NVDIMM_HOTPLUG_BIT);
            platform.writeIo(0xAFE0, 1, 0x10);
        }
        assertThat(calls.poll(10, TimeUnit.SECONDS)).isNotNull();
        Thread.sleep(200);
        assertThat(overlaps).isEmpty();
    }
}
