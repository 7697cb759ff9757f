package dev.vnvdimm.guest.kernel;

import dev.vnvdimm.abi.acpi.AcpiTableWalker;
import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.platform.Platform;

/**
 * The guest's first step, as an OS does it: find the RSDP in the BIOS area through guest memory, walk to
 * every table, and load the DSDT and each SSDT into a fresh AML namespace (the DSDT first: its revision
 * decides the integer width for all of them).
 */
public final class AcpiBoot {
    private final AcpiTableWalker.Walk tables;
    private final AmlInterpreter interpreter;

    private AcpiBoot(AcpiTableWalker.Walk tables, AmlInterpreter interpreter) {
        this.tables = tables;
        this.interpreter = interpreter;
    }

    public static AcpiBoot boot(Platform platform, AmlOptions options, KernelLog log) {
        AcpiTableWalker.Walk walk = new AcpiTableWalker((address, length) -> {
            byte[] b = new byte[length];
            platform.readMemory(address, b);
            return b;
        }).walk();
        walk.problems().forEach(p -> log.warn("ACPI", p));
        AmlInterpreter interp = new AmlInterpreter(platform, options);
        AcpiTableWalker.FoundTable dsdt = walk.table("DSDT").orElseThrow(
                () -> new IllegalStateException("ACPI: no DSDT"));
        interp.load(dsdt.bytes());
        for (AcpiTableWalker.FoundTable ssdt : walk.all("SSDT")) {
            interp.load(ssdt.bytes());
        }
        log.info("ACPI", String.format("RSDP at 0x%x, %d tables, %d-bit AML integers", walk.rsdpAddress(),
                walk.tables().size(), interp.integerWidth()));
        return new AcpiBoot(walk, interp);
    }

    public AcpiTableWalker.Walk tables() {
        return tables;
    }

    public AmlInterpreter interpreter() {
        return interpreter;
    }
}
