package dev.vnvdimm.harness.targets.qemu;

import dev.vnvdimm.abi.acpi.PhysicalMemoryReader;
import dev.vnvdimm.harness.wire.QmpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Guest-physical memory of a running or paused QEMU, read through its monitor with QMP {@code pmemsave} into a
 * file in the scenario's folder (bind-mounted at the same path for a container's QEMU). A {@code pmemsave} of
 * the 128 KiB BIOS area, where the table walker looks for the RSDP, took 1–4 ms on QEMU 7.2 under TCG; HMP
 * {@code xp} of it, 500 KB of text, took 11–500 ms.
 */
final class MonitorMemoryReader implements PhysicalMemoryReader {
    private final QmpClient qmp;
    private final Path file;

    MonitorMemoryReader(QmpClient qmp, Path folder) {
        this.qmp = qmp;
        this.file = folder.resolve("pmemsave.bin");
    }

    @Override
    public byte[] read(long address, int length) {
        try {
            qmp.execute("pmemsave", QmpClient.args().put("val", address).put("size", length)
                    .put("filename", file.toString()));
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != length) {
                throw new IllegalStateException(String.format("pmemsave of %d bytes at 0x%x wrote %d", length,
                        address, bytes.length));
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(String.format("pmemsave of %d bytes at guest-physical 0x%x", length,
                    address), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the scenario's folder goes at its end anyway
            }
        }
    }
}
