package dev.vnvdimm.guest.kernel;

import dev.vnvdimm.abi.acpi.AcpiTableWalker;
import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.aml.runtime.AmlWarning;
import dev.vnvdimm.guest.platform.Platform;

import java.util.function.Consumer;

/**
 * The guest's first step, as an OS does it: find the RSDP in the BIOS area through guest memory, walk to
 * every table, and load the DSDT and each SSDT into a fresh AML namespace (the DSDT first: its revision
 * decides the integer width for all of them). Every table the walk found is also made known to the interpreter,
 * so that AML's LoadTable can load one later.
 *
 * <p>Imperfect firmware boots as it does on Linux: what the interpreter skips while it loads a table (a duplicate
 * name, a Scope to nowhere) and every Fatal the AML executes go to the kernel log as warnings, and a table that
 * cannot be loaded at all is logged and left out while the others load.
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
        Consumer<AmlWarning> sink = options.warningSink();
        AmlInterpreter interp = new AmlInterpreter(platform, options.withWarningSink(w -> {
            log.warn("ACPI", w.message());
            sink.accept(w);
        }));
        for (AcpiTableWalker.FoundTable t : walk.tables()) {
            try {
                interp.install(t.bytes());
            } catch (AmlException e) {
                log.warn("ACPI", t.signature() + " at 0x" + Long.toHexString(t.address()) + " not usable: "
                        + e.getMessage());
            }
        }
        AcpiTableWalker.FoundTable dsdt = walk.table("DSDT").orElseThrow(
                () -> new IllegalStateException("ACPI: no DSDT"));
        load(interp, dsdt, log);
        for (AcpiTableWalker.FoundTable ssdt : walk.all("SSDT")) {
            load(interp, ssdt, log);
        }
        log.info("ACPI", String.format("RSDP at 0x%x, %d tables, %d-bit AML integers", walk.rsdpAddress(),
                walk.tables().size(), interp.integerWidth()));
        return new AcpiBoot(walk, interp);
    }

    /** Loads one definition block; one that cannot be loaded is logged, as Linux logs it, and left out. */
    private static void load(AmlInterpreter interp, AcpiTableWalker.FoundTable table, KernelLog log) {
        try {
            interp.load(table.bytes());
        } catch (AmlException e) {
            log.warn("ACPI", e.getMessage() + ", " + table.signature() + " table load failed");
        }
    }

    public AcpiTableWalker.Walk tables() {
        return tables;
    }

    public AmlInterpreter interpreter() {
        return interpreter;
    }
}
