package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.Facs;
import dev.vnvdimm.abi.acpi.Fadt;
import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.abi.acpi.Rsdp;
import dev.vnvdimm.abi.acpi.SystemDescriptionTable;
import dev.vnvdimm.abi.acpi.TableLoaderCommand.AllocZone;
import dev.vnvdimm.emulator.dimm.Nvdimm;
import dev.vnvdimm.emulator.dsm.FitBuffer;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineSettings;
import dev.vnvdimm.emulator.machine.NumaNode;
import dev.vnvdimm.emulator.memory.GuestMemoryMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The hypervisor's half of ACPI (QEMU hw/i386/acpi-build.c): the tables a machine's guest boots from, as
 * fw_cfg-style blobs plus the table-loader commands that tell the firmware where to put them, which pointers
 * to patch and which checksums to fix. Tables: FACS, DSDT, FADT, SRAT (with NUMA nodes), and with
 * {@code nvdimm=on} and slots the NVDIMM SSDT and — when an NVDIMM is plugged — the NFIT; then RSDT, XSDT, RSDP.
 * The 4 KiB DSM page is allocated 4 KiB-aligned in high memory and its address added into the SSDT's MEMA.
 */
public final class AcpiBuild {
    private AcpiBuild() {
    }

    public static TableBlobs build(Machine machine) {
        MachineSettings s = machine.settings();
        String t = TableBlobs.TABLES;
        TableBlobs.Builder b = TableBlobs.builder();
        boolean nvdimmTables = s.nvdimm() && s.slots() > 0;
        if (nvdimmTables) {
            // First, like QEMU: the DSM page lands at the top of RAM below 4 GiB.
            b.allocate(TableBlobs.NVDIMM_MEM, TableBlobs.NVDIMM_MEM_ALIGNMENT, AllocZone.HIGH)
                    .file(TableBlobs.NVDIMM_MEM, new byte[TableBlobs.NVDIMM_MEM_SIZE]);
        }
        b.allocate(t, TableBlobs.TABLES_ALIGNMENT, AllocZone.HIGH)
                .allocate(TableBlobs.RSDP, Rsdp.ALIGNMENT, AllocZone.FSEG);
        int facs = b.append(t, Facs.build());
        int dsdt = b.append(t, withOem(new Dsdt(s.nvdimm()).build(), s, false));
        b.addTableChecksum(t, dsdt);
        int fadt = b.append(t, withOem(Fadt.build(Fadt.PmRegisters.PIIX4, facs, dsdt), s, false));
        b.addPointer(t, fadt + Fadt.FIRMWARE_CTRL, 4, t).addPointer(t, fadt + Fadt.DSDT, 4, t)
                .addTableChecksum(t, fadt);
        List<Long> listed = new ArrayList<>();
        listed.add((long) fadt);
        if (!machine.numaNodes().isEmpty()) {
            int srat = b.append(t, withOem(srat(machine), s, false));
            b.addTableChecksum(t, srat);
            listed.add((long) srat);
        }
        if (nvdimmTables) {
            NvdimmSsdt.Table ssdt = new NvdimmSsdt(s.slots()).build();
            int at = b.append(t, withOem(ssdt.bytes(), s, true));
            b.addPointer(t, at + ssdt.memaOffset(), 4, TableBlobs.NVDIMM_MEM).addTableChecksum(t, at);
            listed.add((long) at);
            List<Nvdimm> nvdimms = machine.nvdimms();
            if (!nvdimms.isEmpty()) {
                byte[] fit = Nfit.fit(nvdimms.stream().map(FitBuffer::describe).toList(),
                        machine.nvdimmAcpi().orElseThrow().persistence());
                int nfit = b.append(t, Nfit.table(header(Nfit.SIGNATURE, Nfit.REVISION, s), fit));
                b.addTableChecksum(t, nfit);
                listed.add((long) nfit);
            }
        }
        int rsdt = b.append(t, withOem(SystemDescriptionTable.RSDT.build(listed), s, false));
        int xsdt = b.append(t, withOem(SystemDescriptionTable.XSDT.build(listed), s, false));
        for (int i = 0; i < listed.size(); i++) {
            b.addPointer(t, rsdt + SystemDescriptionTable.RSDT.entryOffset(i), SystemDescriptionTable.RSDT.entrySize(), t);
            b.addPointer(t, xsdt + SystemDescriptionTable.XSDT.entryOffset(i), SystemDescriptionTable.XSDT.entrySize(), t);
        }
        b.addTableChecksum(t, rsdt).addTableChecksum(t, xsdt);
        b.file(TableBlobs.RSDP, new Rsdp(s.oemId(), rsdt, xsdt).bytes())
                .addPointer(TableBlobs.RSDP, Rsdp.RSDT_ADDRESS, 4, t)
                .addPointer(TableBlobs.RSDP, Rsdp.XSDT_ADDRESS, 8, t)
                .addChecksum(TableBlobs.RSDP, Rsdp.CHECKSUM, 0, Rsdp.V1_SIZE)
                .addChecksum(TableBlobs.RSDP, Rsdp.EXTENDED_CHECKSUM, 0, Rsdp.SIZE);
        return b.build();
    }

    private static byte[] srat(Machine machine) {
        List<Srat.Entry> entries = new ArrayList<>();
        for (int cpu = 0; cpu < machine.settings().cpus(); cpu++) {
            // CPUs are spread over the nodes in turn; -numa cpu placement is not modelled.
            entries.add(Srat.ProcessorApicAffinity.enabled(cpu, machine.numaNodes().get(
                    cpu % machine.numaNodes().size()).nodeId()));
        }
        for (NumaNode n : machine.numaNodes()) {
            String id = n.memdev().map(m -> m.id()).orElse(null);
            for (GuestMemoryMap.Region r : machine.memoryMap().regions()) {
                if (r.kind() == GuestMemoryMap.Kind.RAM && id != null && r.name().split(" ")[0].equals(id)) {
                    entries.add(new Srat.MemoryAffinity(n.nodeId(), r.base(), r.size(), Srat.FLAG_ENABLED));
                }
            }
        }
        for (Nvdimm nv : machine.nvdimms()) {
            entries.add(Srat.nvdimmAffinity(FitBuffer.describe(nv)));
        }
        return Srat.build(entries);
    }

    private static AcpiTableHeader header(String signature, int revision, MachineSettings s) {
        return new AcpiTableHeader(signature, revision, s.oemId(), s.oemTableId(), 1, AcpiTableHeader.QEMU_CREATOR_ID, 1);
    }

    /**
     * Applies {@code -machine oem-id/oem-table-id} to a built table; the NVDIMM SSDT keeps its own table id
     * "NVDIMM" as in QEMU. The checksum byte is left as the builder wrote it: the loader recomputes it.
     */
    private static byte[] withOem(byte[] table, MachineSettings s, boolean keepTableId) {
        AcpiTableHeader h = AcpiTableHeader.parse(table);
        AcpiTableHeader mine = new AcpiTableHeader(h.signature(), h.revision(), s.oemId(),
                keepTableId ? h.oemTableId() : s.oemTableId(), h.oemRevision(), h.creatorId(), h.creatorRevision());
        return mine.equals(h) ? table : mine.seal(table);
    }
}
