package dev.vnvdimm.harness.targets.qemu;

import dev.vnvdimm.abi.acpi.AcpiTableWalker;
import dev.vnvdimm.abi.acpi.PhysicalMemoryReader;
import dev.vnvdimm.abi.acpi.SystemDescriptionTable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The ACPI tables a machine's firmware (SeaBIOS) left in guest memory, found as an OS finds them
 * ({@link AcpiTableWalker}) without waiting for Linux to boot. They count as there once the RSDP is found and
 * every table's checksum holds: SeaBIOS's table loader patches a table's pointers before fixing its checksum, and
 * QEMU orders the RSDP's last, so until then the walk finds no RSDP, a bad checksum or an unpatched pointer.
 *
 * <p>Named as Linux names them in {@code /sys/firmware/acpi/tables}, which the QEMU column read before: no RSDT
 * or XSDT, the first table of a signature by its signature, the next ones {@code SSDT2}, {@code SSDT3}, …
 * (Linux says {@code SSDT1} for the first when there are several, which the harness always renamed), in name
 * order, as {@code ls} listed them.
 */
final class FirmwareAcpiTables {
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Set<String> ROOT_TABLES = Set.of(SystemDescriptionTable.RSDT.signature(),
            SystemDescriptionTable.XSDT.signature());

    private final PhysicalMemoryReader memory;
    private final Duration patience;

    /** @param patience how long the firmware may take, once the machine runs, before the tables are missing */
    FirmwareAcpiTables(PhysicalMemoryReader memory, Duration patience) {
        this.memory = memory;
        this.patience = patience;
    }

    /**
     * The tables once the firmware has installed them, polled a few milliseconds apart; after the patience, an
     * error naming what was missing and the machine's run state ({@code runState}, asked only then).
     */
    Map<String, byte[]> await(Supplier<String> runState) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            String missing;
            try {
                AcpiTableWalker.Walk walk = new AcpiTableWalker(memory).walk();
                if (walk.problems().isEmpty()) {
                    return named(walk);
                }
                missing = String.join("; ", walk.problems());
            } catch (UncheckedIOException e) {
                throw e; // the monitor is gone: no point waiting
            } catch (RuntimeException e) { // half-installed tables: no RSDP yet, a pointer not patched yet
                missing = e.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the firmware's ACPI tables were not in guest memory after "
                        + patience.toMillis() + " ms (run state " + runState.get() + "): " + missing);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the firmware's ACPI tables");
            }
        }
    }

    private static Map<String, byte[]> named(AcpiTableWalker.Walk walk) {
        Map<String, byte[]> out = new TreeMap<>();
        for (AcpiTableWalker.FoundTable t : walk.tables()) {
            if (ROOT_TABLES.contains(t.signature())) {
                continue;
            }
            String name = t.signature();
            for (int n = 2; out.containsKey(name); n++) {
                name = t.signature() + n;
            }
            out.put(name, t.bytes());
        }
        return out;
    }
}
