package dev.vnvdimm.guest;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.acpi.Facs;
import dev.vnvdimm.abi.acpi.Fadt;
import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.abi.acpi.NfitNvdimm;
import dev.vnvdimm.abi.acpi.Rsdp;
import dev.vnvdimm.abi.acpi.SystemDescriptionTable;
import dev.vnvdimm.abi.aml.PkgLength;
import dev.vnvdimm.guest.aml.FakeLabelDsm;
import dev.vnvdimm.guest.platform.FlatMemoryPlatform;
import dev.vnvdimm.guest.platform.Platform;
import dev.vnvdimm.guest.platform.SparseMemoryPlatform;
import dev.vnvdimm.guest.platform.SystemControlInterrupt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scripted pc machine with NVDIMM hot-plug, built without the emulator: ACPI tables in flat memory (RSDP, RSDT,
 * a revision 1 FADT with PIIX4's GPE0 block at 0xAFE0, FACS, a DSDT whose {@code \_GPE} holds the methods a test
 * asks for, QEMU 7.2's NVDIMM SSDT with NV00..NV02, and a static NFIT of the cold-plugged DIMMs), QEMU's DSM
 * protocol on port 0x0A18 for several DIMMs with 128 KiB label areas, the GPE0 registers as I/O ports (status
 * write-1-to-clear), and an SCI the test fires. {@link #plug} does what QEMU's {@code device_add nvdimm} does:
 * rebuild the FIT, mark it dirty, set GPE0 status bit 4.
 */
final class HotplugMachine implements Platform {
    static final int GPE0 = Fadt.PmRegisters.PIIX4.gpe0Block();
    static final int GPE0_STATUS = GPE0;
    static final int GPE0_ENABLE = GPE0 + Fadt.PmRegisters.PIIX4.gpe0BlockLength() / 2;
    static final int NVDIMM_HOTPLUG_GPE = 4;
    static final int DSM_PORT = 0x0A18;
    static final int LABEL_SIZE = FakeLabelDsm.LABEL_SIZE;
    static final long PMEM_SIZE = 256L << 20;

    private static final long RSDP = 0xF0000;
    private static final long RSDT = 0x100000;
    private static final long FADT = 0x100100;
    private static final long FACS = 0x100200;
    private static final long DSDT = 0x100300;
    private static final long SSDT = 0x101000;
    private static final long NFIT = 0x103000;

    /** Where QEMU puts the first NVDIMM: just above 4 GiB. */
    static final long PMEM_BASE = 0x1_0000_0000L;

    private final FlatMemoryPlatform mem = new FlatMemoryPlatform(128 << 20);
    /** The NVDIMMs' PMEM, from {@link #PMEM_BASE}: reads zero where nothing was written. */
    private final SparseMemoryPlatform pmem = new SparseMemoryPlatform();
    private final List<NfitNvdimm> dimms = new ArrayList<>();
    private final Map<Integer, byte[]> labels = new HashMap<>();
    private final byte[] gpeStatus = new byte[2];
    private final byte[] gpeEnable = new byte[2];
    private byte[] fit;
    private boolean fitDirty;
    private Runnable sciHandler;
    /** Runs before each Read FIT at a non-zero offset: lets a test plug a DIMM while {@code _FIT} reads. */
    Runnable beforeReadFit = () -> { };
    /** No GPE registers behind the FADT's ports (they read all ones) and an SCI that never fires. */
    boolean noGpeHardware;
    /** Runs when the guest connects its SCI handler, before the handler is in place. */
    Runnable onConnect = () -> { };
    /** Read FIT replies a length word too short for a status (the SSDT's {@code _FIT} then fails). */
    boolean readFitBroken;
    /** Read FIT offsets requested, and 0x100 replies as -1. */
    final List<Long> readFitLog = new ArrayList<>();
    /** Writes to the GPE0 registers, as "port=value". */
    final List<String> gpeWrites = new ArrayList<>();

    /**
     * @param gpeMethods the {@code \_GPE} methods' AML, by name ({@code "_E04"}): see {@link #notifyNvdr}
     * @param coldSlots  the slots plugged at boot
     */
    HotplugMachine(Map<String, byte[]> gpeMethods, int... coldSlots) {
        for (int slot : coldSlots) {
            add(slot);
        }
        fit = fitBytes();
        fitDirty = true;
        byte[] nfit = Nfit.table(dimms, Optional.empty());
        byte[] ssdt = resource("/aml/SSDT.dimmpxm");
        byte[] dsdt = dsdt(gpeMethods);
        byte[] fadt = Fadt.build(Fadt.PmRegisters.PIIX4, FACS, DSDT);
        mem.writeMemory(RSDT, SystemDescriptionTable.RSDT.build(List.of(FADT, SSDT, NFIT)));
        mem.writeMemory(FADT, fadt);
        mem.writeMemory(FACS, Facs.build());
        mem.writeMemory(DSDT, dsdt);
        mem.writeMemory(SSDT, ssdt);
        mem.writeMemory(NFIT, nfit);
        mem.writeMemory(RSDP, Rsdp.qemu(RSDT, 0).bytes());
    }

    /** The standard machine: QEMU's {@code \_GPE._E04} notifying NVDR with 0x80, DIMM in slot 0. */
    static HotplugMachine qemu() {
        return new HotplugMachine(Map.of("_E04", notifyNvdr(0x80)), 0);
    }

    /** A method body: {@code Notify(\_SB.NVDR, value)}. */
    static byte[] notifyNvdr(int value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x86); // NotifyOp
        b.writeBytes(new byte[] {0x5C, 0x2E}); // root prefix, DualNamePrefix
        b.writeBytes("_SB_NVDR".getBytes(StandardCharsets.US_ASCII));
        b.write(0x0A); // BytePrefix
        b.write(value);
        return b.toByteArray();
    }

    /** A DSDT holding {@code Scope(\_GPE) { Method(name, 0) { body } ... }}. */
    private static byte[] dsdt(Map<String, byte[]> methods) {
        ByteArrayOutputStream scopeBody = new ByteArrayOutputStream();
        scopeBody.writeBytes(new byte[] {0x5C, '_', 'G', 'P', 'E'});
        methods.forEach((name, body) -> {
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            m.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
            m.write(0); // MethodFlags: no args, not serialized
            m.writeBytes(body);
            scopeBody.write(0x14); // MethodOp
            scopeBody.writeBytes(PkgLength.forBody(m.size()));
            scopeBody.writeBytes(m.toByteArray());
        });
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        t.writeBytes(new byte[AcpiTableHeader.SIZE]);
        t.write(0x10); // ScopeOp
        t.writeBytes(PkgLength.forBody(scopeBody.size()));
        t.writeBytes(scopeBody.toByteArray());
        return AcpiTableHeader.qemu("DSDT", 1).seal(t.toByteArray());
    }

    private static byte[] resource(String name) {
        try (InputStream in = HotplugMachine.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void add(int slot) {
        // QEMU places each NVDIMM after the previous one, 256 MiB each here, above 4 GiB
        dimms.add(new NfitNvdimm(slot, PMEM_BASE + slot * PMEM_SIZE, PMEM_SIZE, 0, false));
        labels.put(slot + 1, new byte[LABEL_SIZE]);
    }

    private byte[] fitBytes() {
        return Nfit.fit(dimms, Optional.empty());
    }

    /** QEMU's {@code device_add nvdimm} at run time: new FIT, dirty flag, GPE0 status bit 4 (the SCI the test fires). */
    void plug(int slot) {
        add(slot);
        fit = fitBytes();
        fitDirty = true;
        setStatus(NVDIMM_HOTPLUG_GPE);
    }

    byte[] fit() {
        return fit.clone();
    }

    void setStatus(int gpe) {
        gpeStatus[gpe / 8] |= (byte) (1 << gpe % 8);
    }

    boolean status(int gpe) {
        return (gpeStatus[gpe / 8] & 1 << gpe % 8) != 0;
    }

    boolean enabled(int gpe) {
        return (gpeEnable[gpe / 8] & 1 << gpe % 8) != 0;
    }

    /** Raises the SCI line: the connected handler runs on the calling thread. */
    void fireSci() {
        if (sciHandler == null) {
            throw new IllegalStateException("the guest connected no SCI handler");
        }
        sciHandler.run();
    }

    boolean sciConnected() {
        return sciHandler != null;
    }

    @Override
    public SystemControlInterrupt sci() {
        if (noGpeHardware) {
            return SystemControlInterrupt.NONE;
        }
        return handler -> {
            onConnect.run();
            sciHandler = handler;
        };
    }

    /** A migration's label areas: the source's DIMM contents, by handle. */
    void copyLabelsFrom(HotplugMachine source) {
        source.labels.forEach((handle, area) -> {
            if (labels.containsKey(handle)) {
                System.arraycopy(area, 0, labels.get(handle), 0, area.length);
            }
        });
    }

    /** Replaces the label area of the DIMM in {@code slot} (what a backing file's last 128 KiB held). */
    void labelArea(int slot, byte[] image) {
        System.arraycopy(image, 0, labels.get(slot + 1), 0, LABEL_SIZE);
    }

    /** Bytes at {@code offset} of the first DIMM's PMEM, as the backing file holds them from its start. */
    void writePmem(long offset, byte[] bytes) {
        pmem.writeMemory(PMEM_BASE + offset, bytes);
    }

    byte[] readPmem(long offset, int length) {
        byte[] b = new byte[length];
        pmem.readMemory(PMEM_BASE + offset, b);
        return b;
    }

    private Platform at(long address) {
        return address >= PMEM_BASE ? pmem : mem;
    }

    @Override
    public long readMemory(long address, int width) {
        return at(address).readMemory(address, width);
    }

    @Override
    public void writeMemory(long address, int width, long value) {
        at(address).writeMemory(address, width, value);
    }

    @Override
    public void readMemory(long address, byte[] dst) {
        at(address).readMemory(address, dst);
    }

    @Override
    public void writeMemory(long address, byte[] src) {
        at(address).writeMemory(address, src);
    }

    @Override
    public long readIo(int port, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v |= (long) (ioByte(port + i) & 0xFF) << (8 * i);
        }
        return v;
    }

    private int ioByte(int port) {
        if (noGpeHardware) {
            return 0xFF;
        }
        if (port >= GPE0_STATUS && port < GPE0_ENABLE) {
            return gpeStatus[port - GPE0_STATUS];
        }
        if (port >= GPE0_ENABLE && port < GPE0_ENABLE + gpeEnable.length) {
            return gpeEnable[port - GPE0_ENABLE];
        }
        return 0xFF;
    }

    @Override
    public void writeIo(int port, int width, long value) {
        if (port >= GPE0 && port < GPE0_ENABLE + gpeEnable.length) {
            if (noGpeHardware) {
                return;
            }
            gpeWrites.add(String.format("%#x=%#x", port, value));
            for (int i = 0; i < width; i++) {
                int p = port + i;
                byte v = (byte) (value >>> (8 * i));
                if (p < GPE0_ENABLE) {
                    gpeStatus[p - GPE0_STATUS] &= (byte) ~v; // write 1 to clear
                } else if (p - GPE0_ENABLE < gpeEnable.length) {
                    gpeEnable[p - GPE0_ENABLE] = v;
                }
            }
            return;
        }
        if (port == DSM_PORT && width == 4) {
            dsm(value & 0xFFFF_FFFFL);
        }
    }

    private void dsm(long page) {
        long handle = mem.readMemory(page, 4);
        long rev = mem.readMemory(page + 4, 4);
        long func = mem.readMemory(page + 8, 4);
        byte[] area = labels.get((int) handle);
        if (rev != 1) {
            reply(page, 1);
        } else if (handle == 0x10000) {
            if (func == 0) {
                reply(page, 0x3);
            } else if (func == 1) {
                readFit(page, mem.readMemory(page + 12, 4));
            } else {
                reply(page, 1);
            }
        } else if (area == null) {
            reply(page, func == 0 ? 0 : 2);
        } else {
            FakeLabelDsm.answer(mem, page, func, area);
        }
    }

    /** QEMU's Read FIT: offset 0 clears the dirty flag; a later offset after a change answers 0x100, "FIT changed". */
    private void readFit(long page, long off) {
        readFitLog.add(off);
        if (readFitBroken) {
            mem.writeMemory(page, 4, 2);
            return;
        }
        if (off > fit.length) {
            reply(page, 3);
            return;
        }
        if (off == 0) {
            fitDirty = false;
        } else {
            beforeReadFit.run();
            if (fitDirty) {
                readFitLog.add(-1L);
                reply(page, 0x100);
                return;
            }
        }
        int n = (int) Math.min(fit.length - off, 4088);
        mem.writeMemory(page, 4, 8 + n);
        mem.writeMemory(page + 4, 4, 0);
        byte[] data = new byte[n];
        System.arraycopy(fit, (int) off, data, 0, n);
        mem.writeMemory(page + 8, data);
    }

    private void reply(long page, long word) {
        FakeLabelDsm.reply(mem, page, word);
    }
}
