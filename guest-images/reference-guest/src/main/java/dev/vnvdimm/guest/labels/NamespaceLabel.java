package dev.vnvdimm.guest.labels;

import dev.vnvdimm.abi.acpi.Guids;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * One namespace label (UEFI 2.7 "Label Storage Area Description", the Namespace Label; Linux
 * {@code struct nvdimm_efi_label}). v1.1 labels are the first 128 bytes; v1.2 labels are 256 bytes and add
 * {@code align}, the type GUID (a copy of the NFIT SPA range type GUID), the abstraction GUID (the claim:
 * BTT, PFN, DAX or none) and a Fletcher64 checksum over the label with the checksum field zero.
 *
 * <p>{@code uuid} is the namespace UUID stored byte for byte (as Linux's {@code uuid_t} and ndctl print it);
 * {@code typeGuid} and {@code abstractionGuid} are GUIDs stored in EFI GUID byte order (see
 * {@link dev.vnvdimm.abi.acpi.Guids}); ndctl prints those two as raw bytes too ({@link #rawGuidText(UUID)}).
 * {@code checksum} is what a parsed label holds; {@link #encode()} computes it afresh.
 */
public record NamespaceLabel(LabelVersion version, UUID uuid, String name, int flags, int nlabel, int position,
        long isetCookie, long lbaSize, long dpa, long rawSize, int slot, int align, UUID typeGuid,
        UUID abstractionGuid, long checksum) {

    public static final int UUID_OFF = 0;
    public static final int NAME = 16;
    public static final int NAME_LEN = 64;
    public static final int FLAGS = 80;
    public static final int NLABEL = 84;
    public static final int POSITION = 86;
    public static final int ISETCOOKIE = 88;
    public static final int LBASIZE = 96;
    public static final int DPA = 104;
    public static final int RAWSIZE = 112;
    public static final int SLOT = 120;
    /** v1.2 only; in v1.1 bytes 124–127 are unused. */
    public static final int ALIGN = 124;
    public static final int TYPE_GUID = 128;
    public static final int ABSTRACTION_GUID = 144;
    /** v1.2 only: Fletcher64 over the 256-byte label with this field zero. */
    public static final int CHECKSUM = 248;

    /** Read-only label. */
    public static final int FLAG_ROLABEL = 1;
    /** Label of a BLK (local) namespace. */
    public static final int FLAG_LOCAL = 1 << 1;
    /** v1.1 only: the namespace holds a BTT. */
    public static final int FLAG_BTT = 1 << 2;
    /** Written during an update; cleared by the label that completes it (UEFI 2.7). */
    public static final int FLAG_UPDATING = 1 << 3;

    /** NFIT SPA range type of persistent memory, 66F0D379-B4F3-4074-AC43-0D3318B78CDB. */
    public static final UUID PMEM_TYPE_GUID = UUID.fromString("66f0d379-b4f3-4074-ac43-0d3318b78cdb");
    /** Abstraction GUIDs Linux writes in v1.2 labels for claimed namespaces. */
    public static final UUID BTT_GUID = UUID.fromString("8aed63a2-29a2-4c66-8b12-f05d15d3922a");
    public static final UUID BTT2_GUID = UUID.fromString("18633bfc-1735-4217-8ac9-17239282d3f8");
    public static final UUID PFN_GUID = UUID.fromString("266400ba-fb9f-4677-bcb0-968f11d0d225");
    public static final UUID DAX_GUID = UUID.fromString("97a86d9c-3cdd-4eda-986f-5068b4f80088");
    public static final UUID NULL_GUID = new UUID(0, 0);

    public NamespaceLabel {
        Objects.requireNonNull(version);
        Objects.requireNonNull(uuid);
        name = name == null ? "" : name;
        typeGuid = typeGuid == null ? NULL_GUID : typeGuid;
        abstractionGuid = abstractionGuid == null ? NULL_GUID : abstractionGuid;
    }

    /** Parses the {@code version.labelSize()} bytes at {@code offset} of {@code area}. */
    public static NamespaceLabel parse(byte[] area, int offset, LabelVersion version) {
        int nameEnd = offset + NAME;
        while (nameEnd < offset + NAME + NAME_LEN && area[nameEnd] != 0) {
            nameEnd++;
        }
        boolean v12 = version == LabelVersion.V1_2;
        return new NamespaceLabel(version,
                rawUuid(area, offset + UUID_OFF),
                new String(area, offset + NAME, nameEnd - offset - NAME, StandardCharsets.UTF_8),
                Le.u32(area, offset + FLAGS),
                Le.u16(area, offset + NLABEL),
                Le.u16(area, offset + POSITION),
                Le.u64(area, offset + ISETCOOKIE),
                Le.u64(area, offset + LBASIZE),
                Le.u64(area, offset + DPA),
                Le.u64(area, offset + RAWSIZE),
                Le.u32(area, offset + SLOT),
                v12 ? area[offset + ALIGN] & 0xFF : 0,
                v12 ? Guids.get(area, offset + TYPE_GUID) : NULL_GUID,
                v12 ? Guids.get(area, offset + ABSTRACTION_GUID) : NULL_GUID,
                v12 ? Le.u64(area, offset + CHECKSUM) : 0);
    }

    /** The label's bytes; for v1.2 with a freshly computed checksum. v1.2-only fields are dropped for v1.1. */
    public byte[] encode() {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        // checked here, not when a label is made: a label parsed from an area holds whatever name the area held
        // (64 bytes without a NUL, bytes that are not UTF-8), and reading it must not fail
        if (n.length >= NAME_LEN) {
            throw new IllegalArgumentException("namespace name longer than " + (NAME_LEN - 1) + " bytes: " + name);
        }
        byte[] b = new byte[version.labelSize()];
        putRawUuid(b, UUID_OFF, uuid);
        System.arraycopy(n, 0, b, NAME, n.length);
        Le.put32(b, FLAGS, flags);
        Le.put16(b, NLABEL, nlabel);
        Le.put16(b, POSITION, position);
        Le.put64(b, ISETCOOKIE, isetCookie);
        Le.put64(b, LBASIZE, lbaSize);
        Le.put64(b, DPA, dpa);
        Le.put64(b, RAWSIZE, rawSize);
        Le.put32(b, SLOT, slot);
        if (version == LabelVersion.V1_2) {
            b[ALIGN] = (byte) align;
            Guids.put(b, TYPE_GUID, typeGuid);
            Guids.put(b, ABSTRACTION_GUID, abstractionGuid);
            Le.put64(b, CHECKSUM, Fletcher64.of(b));
        }
        return b;
    }

    /** Whether a stored v1.2 label's checksum field matches its bytes; v1.1 labels have none and pass. */
    public static boolean checksumValid(byte[] area, int offset, LabelVersion version) {
        if (version != LabelVersion.V1_2) {
            return true;
        }
        return Fletcher64.withFieldZeroed(area, offset, version.labelSize(), offset + CHECKSUM)
                == Le.u64(area, offset + CHECKSUM);
    }

    public boolean updating() {
        return (flags & FLAG_UPDATING) != 0;
    }

    public long end() {
        return dpa + rawSize;
    }

    public NamespaceLabel withSlot(int newSlot) {
        return new NamespaceLabel(version, uuid, name, flags, nlabel, position, isetCookie, lbaSize, dpa, rawSize,
                newSlot, align, typeGuid, abstractionGuid, checksum);
    }

    public NamespaceLabel withFlags(int newFlags) {
        return new NamespaceLabel(version, uuid, name, newFlags, nlabel, position, isetCookie, lbaSize, dpa, rawSize,
                slot, align, typeGuid, abstractionGuid, checksum);
    }

    /** A GUID as ndctl prints it: its 16 stored bytes (EFI byte order) formatted as if they were a UUID. */
    public static String rawGuidText(UUID guid) {
        byte[] b = new byte[16];
        Guids.put(b, 0, guid);
        return rawUuid(b, 0).toString();
    }

    static UUID rawUuid(byte[] b, int off) {
        ByteBuffer bb = ByteBuffer.wrap(b, off, 16);
        return new UUID(bb.getLong(), bb.getLong());
    }

    static void putRawUuid(byte[] b, int off, UUID u) {
        ByteBuffer.wrap(b, off, 16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    }

    @Override
    public String toString() {
        return "NamespaceLabel[" + version + " slot " + slot + " " + uuid + " '" + name + "' flags " + flags
                + " dpa 0x" + Long.toHexString(dpa) + " rawsize 0x" + Long.toHexString(rawSize) + "]";
    }
}
