package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.abi.dsm.IntelDsm;
import java.util.List;
import java.util.UUID;

/**
 * The _DSM interface UUIDs Linux's NFIT driver knows (drivers/acpi/nfit/nfit.h), in family order. The two QEMU
 * answers, Intel's device interface and the root device's, are {@link IntelDsm}'s.
 */
public final class DsmUuids {
    public static final UUID HPE1 = UUID.fromString("9002c334-acf3-4c0e-9642-a235f0d53bc6");
    public static final UUID HPE2 = UUID.fromString("5008664b-b758-41a0-a03c-27c2f2d04f7e");
    public static final UUID MSFT = UUID.fromString("1ee68b36-d4bd-4a1a-9a16-4f8e53d46e05");
    public static final UUID HYPERV = UUID.fromString("5746c5f2-a9a2-4264-ad0e-e4ddc9e09e80");
    /** NVDIMM_FAMILY_PAPR has no NFIT UUID: Linux probes with the all-zero GUID. */
    public static final UUID PAPR = new UUID(0, 0);
    /** Intel's bus-level interface, probed on the root device too. */
    public static final UUID INTEL_BUS = UUID.fromString("c7d8acd4-2df8-4b82-9f65-a325335af149");

    /** The families in the order Linux probes them; the index is the family number. */
    public static final List<UUID> FAMILIES = List.of(IntelDsm.DEVICE_UUID, HPE1, HPE2, MSFT, HYPERV, PAPR);
    public static final List<String> FAMILY_NAMES = List.of("intel", "hpe1", "hpe2", "msft", "hyperv", "papr");

    private DsmUuids() {
    }
}
