package dev.vnvdimm.emulator.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.dsm.DsmHandles;
import dev.vnvdimm.abi.dsm.DsmNotifyPort;
import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.abi.dsm.QemuReservedDsm;
import dev.vnvdimm.emulator.acpi.aml.AccessType;
import dev.vnvdimm.emulator.acpi.aml.AmlBlock;
import dev.vnvdimm.emulator.acpi.aml.AmlTable;
import dev.vnvdimm.emulator.acpi.aml.AmlTerm;
import dev.vnvdimm.emulator.acpi.aml.DefinitionBlock;
import dev.vnvdimm.emulator.acpi.aml.LockRule;
import dev.vnvdimm.emulator.acpi.aml.NamedDWord;
import dev.vnvdimm.emulator.acpi.aml.RegionSpace;
import dev.vnvdimm.emulator.acpi.aml.UpdateRule;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

import static dev.vnvdimm.emulator.acpi.aml.Aml.*;
import static dev.vnvdimm.emulator.acpi.aml.SerializeRule.NOT_SERIALIZED;
import static dev.vnvdimm.emulator.acpi.aml.SerializeRule.SERIALIZED;

/**
 * The NVDIMM SSDT as QEMU (7.2 and later) emits it for x86 machines: the NVDIMM root device {@code \_SB.NVDR}
 * ("ACPI0012") with the DSM transport method NCAL, {@code _DSM}, the FIT reader RFIT/{@code _FIT}, one
 * {@code NVxx} device per memory slot with the label methods {@code _LSI/_LSR/_LSW} (ACPI 6.4 §6.5.10), and the
 * DSM page address {@code MEMA} at the root.
 *
 * <p>The transport: a method fills the 4 KiB DSM page at MEMA (handle, revision, function, argument), writes the
 * page address to the 32-bit notify port and reads the reply (length, data) from the same page; the hypervisor
 * handles the write synchronously. Every width, offset, handle and function number comes from the ABI in
 * {@code dev.vnvdimm.abi.dsm}, as QEMU takes its field widths from its page structs. MEMA is a placeholder:
 * firmware allocates the page, adds its address to the DWord at {@link Table#memaOffset()} and fixes the checksum.
 */
public final class NvdimmSsdt {

    /** Slots QEMU allows for memory devices; NVxx names run NV00..NVFF. */
    public static final int MAX_SLOTS = 256;
    public static final String OEM_TABLE_ID = "NVDIMM";

    private final int slots;
    private final int notifyPort;

    /** An SSDT for {@code slots} memory slots (1..256) with the standard notify port 0x0A18. */
    public NvdimmSsdt(int slots) {
        this(slots, DsmNotifyPort.ADDRESS);
    }

    public NvdimmSsdt(int slots, int notifyPort) {
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException(
                    "NVDIMM SSDT needs 1.." + MAX_SLOTS + " memory slots, got " + slots);
        }
        if (notifyPort < 0 || notifyPort > 0xFFFF) {
            throw new IllegalArgumentException("Notify port must be an x86 I/O port 0..0xFFFF: " + notifyPort);
        }
        this.slots = slots;
        this.notifyPort = notifyPort;
    }

    /** The table as QEMU hands it to firmware: MEMA = 0, to be patched (see {@link Table#withDsmPage}). */
    public Table build() {
        return build(0);
    }

    /** The table with MEMA already set to {@code mema}, as the guest sees it after firmware patching. */
    public Table build(long mema) {
        NamedDWord memaName = namedDWord("MEMA", mema);
        DefinitionBlock ssdt = definitionBlock(AcpiTableHeader.qemu("SSDT", 1).withOemTableId(OEM_TABLE_ID))
                .append(scope("\\_SB").append(nvdimmRootDevice()))
                .append(memaName);
        AmlTable table = ssdt.build();
        return new Table(table.bytes(), table.offsetOf(memaName));
    }

    private AmlBlock nvdimmRootDevice() {
        AmlBlock nvdr = device("NVDR")
                .append(name("_HID", string("ACPI0012")))
                .append(ncal())
                .append(dsm(DsmHandles.ROOT))
                .append(name("RSTA", zero()))
                .append(rfit())
                .append(fit());
        for (int slot = 0; slot < slots; slot++) {
            nvdr.append(nvdimmDevice(slot));
        }
        return nvdr;
    }

    /**
     * NCAL(UUID, Revision, Function, Package, Handle): checks the UUID for the handle, fills the DSM page, notifies
     * the hypervisor and returns the reply as a Buffer of RLEN-4 bytes.
     */
    private AmlBlock ncal() {
        AmlTerm mema = local(6);
        AmlTerm expectedUuid = local(0);
        AmlTerm handle = arg(4);
        return method("NCAL", 5, SERIALIZED)
                .append(store(path("MEMA"), mema))
                .append(operationRegion("NPIO", RegionSpace.SYSTEM_IO, integer(notifyPort),
                        integer(DsmNotifyPort.LENGTH)))
                .append(operationRegion("NRAM", RegionSpace.SYSTEM_MEMORY, mema, integer(DsmPage.SIZE)))
                .append(field("NPIO", AccessType.DWORD_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                        .append(namedField("NTFI", bits(DsmNotifyPort.LENGTH))))
                // the request view of the page: NvdimmDsmIn's fields, one after another from offset 0
                .append(field("NRAM", AccessType.DWORD_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                        .append(namedField("HDLE", bits(DsmPage.REVISION - DsmPage.HANDLE)),
                                namedField("REVS", bits(DsmPage.FUNCTION - DsmPage.REVISION)),
                                namedField("FUNC", bits(DsmPage.ARG3 - DsmPage.FUNCTION)),
                                namedField("FARG", bits(DsmPage.ARG3_SIZE))))
                // the reply view of the same page: NvdimmDsmOut's
                .append(field("NRAM", AccessType.DWORD_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                        .append(namedField("RLEN", bits(DsmPage.OUTPUT - DsmPage.LENGTH)),
                                namedField("ODAT", bits(DsmPage.OUTPUT_SIZE))))
                .append(ifThen(lEqual(handle, integer(DsmHandles.ROOT)))
                        .append(store(uuid(IntelDsm.ROOT_UUID), expectedUuid)))
                .append(elseIf(lEqual(handle, integer(DsmHandles.QEMU_RESERVED_ROOT)))
                        .append(store(uuid(QemuReservedDsm.INTERFACE_UUID), expectedUuid)))
                .append(elseBlock()
                        .append(store(uuid(IntelDsm.DEVICE_UUID), expectedUuid)))
                // no DSM page, or the wrong UUID: function 0 gets an empty bitmap, others "not supported"
                .append(ifThen(lOr(lEqual(mema, zero()), lNotEqual(arg(0), expectedUuid)))
                        .append(ifThen(lEqual(arg(2), zero()))
                                .append(returnValue(buffer(1, (byte) 0x00))))
                        .append(returnValue(buffer(1, (byte) 0x01))))
                .append(store(handle, path("HDLE")))
                .append(store(arg(1), path("REVS")))
                .append(store(arg(2), path("FUNC")))
                // the argument package holds one Buffer (or Integer) that becomes FARG
                .append(ifThen(lAnd(lEqual(objectType(arg(3)), integer(4)), lEqual(sizeOf(arg(3)), one())))
                        .append(store(index(arg(3), zero()), local(2)))
                        .append(store(derefOf(local(2)), local(3)))
                        .append(store(local(3), path("FARG"))))
                .append(store(mema, path("NTFI")))
                .append(subtract(path("RLEN"), integer(DsmPage.OUTPUT), local(1)))
                // Why: with a rev-1 DSDT integers are 32-bit, so a CreateField of at most 64 bits could be read
                // back as an Integer instead of a Buffer; short replies are copied byte by byte instead.
                .append(ifThen(lLess(local(1), integer(8)))
                        .append(store(zero(), local(2)))
                        .append(name("TBUF", buffer(1, (byte) 0x00)))
                        .append(store(buffer(0), local(7)))
                        .append(whileLoop(lLess(local(2), local(1)))
                                .append(store(derefOf(index(path("ODAT"), local(2))), index(path("TBUF"), zero())))
                                .append(concatenate(local(7), path("TBUF"), local(7)))
                                .append(increment(local(2))))
                        .append(returnValue(local(7))))
                .append(store(shiftLeft(local(1), integer(3)), local(1)))
                .append(createField(path("ODAT"), zero(), local(1), "OBUF"))
                .append(returnValue(path("OBUF")));
    }

    /** A field's width in bits from its size in bytes. */
    private static int bits(int bytes) {
        return bytes * Byte.SIZE;
    }

    private static AmlTerm uuid(UUID uuid) {
        return toUuid(uuid.toString());
    }

    /** {@code _DSM} of the root device (handle 0) or of a DIMM (handle slot+1): forwards to NCAL. */
    private static AmlBlock dsm(long handle) {
        return method("_DSM", 4, NOT_SERIALIZED)
                .append(returnValue(call("NCAL", arg(0), arg(1), arg(2), arg(3), integer(handle))));
    }

    /** RFIT(Offset): one "Read FIT" call; sets RSTA to the status and returns the FIT bytes read. */
    private static AmlBlock rfit() {
        return method("RFIT", 1, SERIALIZED)
                .append(name("OFST", zero()))
                .append(store(arg(0), path("OFST")))
                .append(store(call("NCAL", uuid(QemuReservedDsm.INTERFACE_UUID), integer(IntelDsm.REVISION_1),
                        integer(QemuReservedDsm.READ_FIT), packageOf(path("OFST")),
                        integer(DsmHandles.QEMU_RESERVED_ROOT)), local(0)))
                .append(createDWordField(local(0), integer(DsmStatus.OFFSET), "STAU"))
                .append(store(path("STAU"), path("RSTA")))
                .append(ifThen(lNotEqual(zero(), path("STAU")))
                        .append(returnValue(buffer(0))))
                .append(store(sizeOf(local(0)), local(1)))
                .append(subtract(local(1), integer(QemuReservedDsm.FIT_DATA), local(1)))
                .append(ifThen(lEqual(local(1), zero()))
                        .append(returnValue(buffer(0))))
                .append(createField(local(0), integer(bits(QemuReservedDsm.FIT_DATA)), shiftLeft(local(1), integer(3)),
                        "BUFF"))
                .append(returnValue(path("BUFF")));
    }

    /** _FIT: reads the whole FIT with RFIT, restarting when the hypervisor reports that it changed. */
    private static AmlBlock fit() {
        AmlTerm fitSoFar = local(2);
        AmlTerm offset = local(3);
        return method("_FIT", 0, SERIALIZED)
                .append(store(buffer(0), fitSoFar))
                .append(store(zero(), offset))
                .append(whileLoop(one())
                        .append(store(call("RFIT", offset), local(0)))
                        .append(store(sizeOf(local(0)), local(1)))
                        .append(ifThen(lEqual(path("RSTA"), integer(DsmStatus.FIT_CHANGED)))
                                .append(store(buffer(0), fitSoFar))
                                .append(store(zero(), offset)))
                        .append(elseBlock()
                                .append(ifThen(lEqual(local(1), zero()))
                                        .append(returnValue(fitSoFar)))
                                .append(add(offset, local(1), offset))
                                .append(concatenate(fitSoFar, local(0), fitSoFar))));
    }

    /** Device NVxx for one slot: _ADR = NFIT device handle = slot + 1, label methods and _DSM. */
    private static AmlBlock nvdimmDevice(int slot) {
        long handle = DsmHandles.ofSlot(slot);
        return device(String.format(Locale.ROOT, "NV%02X", slot))
                .append(name("_ADR", integer(handle)))
                .append(lsi(handle))
                .append(lsr(handle))
                .append(lsw(handle))
                .append(dsm(handle));
    }

    /** _LSI: Get Namespace Label Size (DSM function 4) as Package {Status, Size, MaxTransfer}. */
    private static AmlBlock lsi(long handle) {
        return method("_LSI", 0, SERIALIZED)
                .append(store(call("NCAL", uuid(IntelDsm.DEVICE_UUID), integer(IntelDsm.REVISION_1),
                        integer(IntelDsm.GET_LABEL_SIZE), zero(), integer(handle)), local(0)))
                .append(createDWordField(local(0), integer(DsmStatus.OFFSET), "STTS"))
                .append(createDWordField(local(0), integer(IntelDsm.LABEL_AREA_SIZE), "SLSA"))
                .append(createDWordField(local(0), integer(IntelDsm.MAX_TRANSFER), "MAXT"))
                .append(store(packageOf(path("STTS"), path("SLSA"), path("MAXT")), local(1)))
                .append(returnValue(local(1)));
    }

    /** _LSR(Offset, Length): Get Namespace Label Data (DSM function 5) as Package {Status, Buffer}. */
    private static AmlBlock lsr(long handle) {
        return method("_LSR", 2, SERIALIZED)
                .append(name("INPT", labelDataInputHeader()))
                .append(createDWordField(path("INPT"), integer(IntelDsm.LABEL_OFFSET), "OFST"))
                .append(createDWordField(path("INPT"), integer(IntelDsm.LABEL_LENGTH), "LEN"))
                .append(store(arg(0), path("OFST")))
                .append(store(arg(1), path("LEN")))
                .append(store(packageOf(path("INPT")), local(0)))
                .append(store(call("NCAL", uuid(IntelDsm.DEVICE_UUID), integer(IntelDsm.REVISION_1),
                        integer(IntelDsm.GET_LABEL_DATA), local(0), integer(handle)), local(3)))
                .append(createDWordField(local(3), integer(DsmStatus.OFFSET), "STTS"))
                .append(createField(local(3), integer(bits(IntelDsm.LABEL_DATA_OUTPUT)), shiftLeft(path("LEN"),
                        integer(3)), "LDAT"))
                .append(name("LSA", buffer(0)))
                .append(toBuffer(path("LDAT"), path("LSA")))
                .append(store(packageOf(path("STTS"), path("LSA")), local(1)))
                .append(returnValue(local(1)));
    }

    /** _LSW(Offset, Length, Data): Set Namespace Label Data (DSM function 6); returns the status. */
    private static AmlBlock lsw(long handle) {
        return method("_LSW", 3, SERIALIZED)
                .append(store(arg(2), local(2)))
                .append(name("INPT", labelDataInputHeader()))
                .append(createDWordField(path("INPT"), integer(IntelDsm.LABEL_OFFSET), "OFST"))
                .append(createDWordField(path("INPT"), integer(IntelDsm.LABEL_LENGTH), "TLEN"))
                .append(store(arg(0), path("OFST")))
                .append(store(arg(1), path("TLEN")))
                .append(concatenate(path("INPT"), local(2), path("INPT")))
                .append(store(packageOf(path("INPT")), local(0)))
                .append(store(call("NCAL", uuid(IntelDsm.DEVICE_UUID), integer(IntelDsm.REVISION_1),
                        integer(IntelDsm.SET_LABEL_DATA), local(0), integer(handle)), local(3)))
                .append(createDWordField(local(3), integer(DsmStatus.OFFSET), "STTS"))
                .append(returnValue(path("STTS")));
    }

    /** The offset and length words of a Get/Set Label Data input, zeroed for the method to fill in. */
    private static AmlTerm labelDataInputHeader() {
        return buffer(IntelDsm.LABEL_DATA_INPUT, new byte[IntelDsm.LABEL_DATA_INPUT]);
    }

    /**
     * A built SSDT and where its MEMA DWord is.
     *
     * @param bytes      the sealed table (valid checksum)
     * @param memaOffset byte offset of MEMA's 4-byte little-endian value
     */
    public record Table(byte[] bytes, int memaOffset) {

        public Table {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** Tables are equal when their bytes are (a record would compare the arrays by identity). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Table t && memaOffset == t.memaOffset && Arrays.equals(bytes, t.bytes);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(bytes) + memaOffset;
        }

        @Override
        public String toString() {
            return "NvdimmSsdt.Table[" + bytes.length + " bytes, MEMA 0x" + Long.toHexString(mema())
                    + " at 0x" + Integer.toHexString(memaOffset) + "]";
        }

        /** The MEMA value currently in the table. */
        public long mema() {
            return Integer.toUnsignedLong(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(memaOffset));
        }

        /**
         * The table after firmware placed the DSM page at {@code pageAddress}: like the linker/loader's
         * ADD_POINTER the address is added to the value in MEMA (0 in the blob QEMU hands out), then the
         * checksum is recomputed.
         */
        public Table withDsmPage(long pageAddress) {
            long patched = mema() + pageAddress;
            if (pageAddress < 0 || patched > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("MEMA is 32-bit; cannot hold 0x" + Long.toHexString(patched));
            }
            byte[] b = bytes.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(memaOffset, (int) patched);
            AcpiTableHeader.fixChecksum(b, AcpiTableHeader.CHECKSUM, 0, b.length);
            return new Table(b, memaOffset);
        }
    }
}
