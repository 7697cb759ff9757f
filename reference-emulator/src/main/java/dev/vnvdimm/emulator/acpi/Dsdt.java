package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;

import dev.vnvdimm.emulator.acpi.aml.Aml;
import dev.vnvdimm.emulator.acpi.aml.DefinitionBlock;

import static dev.vnvdimm.emulator.acpi.aml.Aml.*;
import static dev.vnvdimm.emulator.acpi.aml.SerializeRule.NOT_SERIALIZED;

/**
 * A minimal x86 DSDT for the emulator: the {@code \_SB} scope every DSDT needs (the NVDIMM SSDT adds
 * {@code \_SB.NVDR} into it) and, with NVDIMM support on, the hotplug event handler
 * {@code \_GPE._E04} that tells the OS to re-read the NFIT through {@code _FIT}:
 * <pre>
 * Scope (\_SB) {}
 * Scope (\_GPE) { Method (_E04, 0, NotSerialized) { Notify (\_SB.NVDR, 0x80) } }
 * </pre>
 * QEMU raises GPE0 status bit 4 when an NVDIMM is hot-plugged; the OS runs the edge-triggered GPE method
 * {@code _E04} for it and treats notification 0x80 on the NVDIMM root device as "the FIT changed".
 */
public final class Dsdt {

    /**
     * DSDT revision 1, as QEMU's x86 DSDT. This matters beyond this table: ACPICA takes the integer width for
     * every table from the DSDT revision alone (revision 1 = 32-bit integers, 2 or more = 64-bit), so with
     * revision 1 the NVDIMM SSDT's arithmetic and {@code Ones} are 32-bit, and a CreateField of up to 32 bits is
     * read as an Integer; NCAL is written around that.
     */
    public static final int REVISION = 1;

    /** The GPE0 status bit QEMU sets on NVDIMM hotplug (ACPI_NVDIMM_HOTPLUG_STATUS); its handler is _E04. */
    public static final int NVDIMM_HOTPLUG_GPE = 4;

    /** Notify value for the NVDIMM root device: "NFIT update", re-evaluate _FIT. */
    public static final int NFIT_UPDATE_NOTIFICATION = 0x80;

    private final boolean nvdimm;

    /** A DSDT with the NVDIMM hotplug handler, as QEMU builds it with {@code -machine nvdimm=on}. */
    public Dsdt() {
        this(true);
    }

    /** @param nvdimm whether to include {@code \_GPE._E04}; QEMU omits it when NVDIMM support is off */
    public Dsdt(boolean nvdimm) {
        this.nvdimm = nvdimm;
    }

    /** The sealed table: header "DSDT", revision {@link #REVISION}, QEMU's OEM fields. */
    public byte[] build() {
        DefinitionBlock dsdt = definitionBlock(AcpiTableHeader.qemu("DSDT", REVISION))
                .append(scope("\\_SB"));
        if (nvdimm) {
            String handler = String.format("_E%02X", NVDIMM_HOTPLUG_GPE);
            dsdt.append(scope("\\_GPE")
                    .append(method(handler, 0, NOT_SERIALIZED)
                            .append(Aml.notify(path("\\_SB.NVDR"), integer(NFIT_UPDATE_NOTIFICATION)))));
        }
        return dsdt.build().bytes();
    }
}
