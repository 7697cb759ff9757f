package dev.vnvdimm.guest.labels;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A namespace to create on a single-DIMM pmem region ({@code ndctl create-namespace -m MODE -s SIZE -n NAME}
 * as the kernel turns it into labels).
 *
 * @param uuid            the namespace (label) UUID
 * @param name            up to 63 bytes of UTF-8, may be empty
 * @param size            bytes; a positive multiple of {@code align}
 * @param pmemSize        size of the DIMM's PMEM range, i.e. the DPA space labels may use
 * @param isetCookie      the interleave-set cookie of the region, computed from the NFIT; v1.1 and v1.2
 *                        labels use different cookies ({@link InterleaveSetCookie})
 * @param lbaSize         the label's LBA size; Linux records the namespace sector size, 512 by default
 * @param align           DPA and size alignment; Linux's region alignment on x86 is 16 MiB
 * @param typeGuid        v1.2 only: the NFIT SPA range type GUID, the PMEM GUID for QEMU
 * @param abstractionGuid v1.2 only: the claim; the nil GUID for a raw namespace
 */
public record CreateRequest(UUID uuid, String name, long size, long pmemSize, long isetCookie, long lbaSize,
        long align, UUID typeGuid, UUID abstractionGuid) {

    /** Linux's default pmem region alignment ({@code "align":16777216} in {@code ndctl list -R}). */
    public static final long DEFAULT_ALIGN = 16L << 20;

    public CreateRequest {
        Objects.requireNonNull(uuid, "uuid");
        name = name == null ? "" : name;
        typeGuid = typeGuid == null ? NamespaceLabel.PMEM_TYPE_GUID : typeGuid;
        abstractionGuid = abstractionGuid == null ? NamespaceLabel.NULL_GUID : abstractionGuid;
        if (name.getBytes(StandardCharsets.UTF_8).length >= NamespaceLabel.NAME_LEN) {
            throw new IllegalArgumentException("namespace name longer than " + (NamespaceLabel.NAME_LEN - 1)
                    + " bytes: " + name);
        }
        if (align <= 0) {
            throw new IllegalArgumentException("align must be positive");
        }
    }

    /** A raw pmem namespace with 512-byte sectors at the default alignment. */
    public static CreateRequest raw(UUID uuid, String name, long size, long pmemSize, long isetCookie) {
        return new CreateRequest(uuid, name, size, pmemSize, isetCookie, 512, DEFAULT_ALIGN,
                NamespaceLabel.PMEM_TYPE_GUID, NamespaceLabel.NULL_GUID);
    }

    public CreateRequest withLbaSize(long newLbaSize) {
        return new CreateRequest(uuid, name, size, pmemSize, isetCookie, newLbaSize, align, typeGuid, abstractionGuid);
    }

    /** The same request with a claim recorded in v1.2 labels (e.g. {@link NamespaceLabel#PFN_GUID} for fsdax). */
    public CreateRequest withAbstractionGuid(UUID guid) {
        return new CreateRequest(uuid, name, size, pmemSize, isetCookie, lbaSize, align, typeGuid, guid);
    }
}
