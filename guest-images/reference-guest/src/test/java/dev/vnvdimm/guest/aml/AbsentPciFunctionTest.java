package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlRegion;
import dev.vnvdimm.guest.aml.runtime.RegionHandler;
import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PCI_Config regions read as an absent PCI function (all ones, writes dropped) until a handler is registered for
 * the space; then every access goes to it.
 */
class AbsentPciFunctionTest {
    @TempDir
    Path dir;

    @Test
    void aRegisteredPciConfigHandlerReplacesTheAbsentFunction() throws Exception {
        AmlInterpreter ip = new AmlInterpreter(new FlatMemoryPlatform(4096));
        ip.load(CompiledAsl.compile(dir, CompiledAsl.definitionBlock(2, """
                OperationRegion (PCFG, PCI_Config, 0x40, 0x10)
                Field (PCFG, DWordAcc, NoLock, Preserve) { DWRD, 32 }
                Method (RDWR) { Local0 = DWRD  DWRD = 0x1234  Return (Local0) }
                """)));
        assertThat(ip.evaluate("\\RDWR")).isEqualTo(AmlInteger.of(0xFFFF_FFFFL));

        List<String> accesses = new ArrayList<>();
        ip.registerRegionHandler(AmlRegion.PCI_CONFIG, new RegionHandler() {
            @Override
            public long read(long address, int width) {
                accesses.add(String.format("read 0x%x/%d", address, width));
                return 0x8086;
            }

            @Override
            public void write(long address, int width, long value) {
                accesses.add(String.format("write 0x%x/%d=0x%x", address, width, value));
            }
        });

        assertThat(ip.evaluate("\\RDWR")).isEqualTo(AmlInteger.of(0x8086));
        assertThat(accesses).containsExactly("read 0x40/4", "write 0x40/4=0x1234");
    }
}
