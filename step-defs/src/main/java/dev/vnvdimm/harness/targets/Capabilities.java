package dev.vnvdimm.harness.targets;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

/**
 * Capability tags. A scenario tagged {@code @<capability>} runs only on targets that declare it;
 * seed capabilities come from the 2015 vNVDIMM design and are not in upstream QEMU.
 */
public final class Capabilities {
    /** {@code memory-backend-file} without {@code size} maps the whole existing file. */
    public static final String SEED_WHOLE_FILE_SIZE = "seed-whole-file-size";
    /** {@code nvdimm,reserve-label-data=on|off}: the 2015 switch for a 128 KiB label area. */
    public static final String SEED_RESERVE_LABEL_DATA = "seed-reserve-label-data";

    /** {@code migrate} and {@code -incoming} take {@code file:PATH} (QEMU 8.2 and later). */
    public static final String MIGRATION_FILE_URI = "needs-migration-file-uri";

    /**
     * {@code migrate-incoming} takes a {@code channels} list instead of a {@code uri} (QEMU 9.0 and later; seen on
     * 10.0 and 11.1, refused as "Parameter 'uri' is missing" on 7.2).
     */
    public static final String MIGRATE_INCOMING_CHANNELS = "needs-migrate-incoming-channels";

    /**
     * {@code migrate-incoming} takes {@code exit-on-error}: with false, a stream the destination cannot load leaves
     * it waiting and {@code query-migrate} says why (QEMU 9.1 and later; seen on 10.0 and 11.1, "Parameter
     * 'exit-on-error' is unexpected" on 7.2).
     */
    public static final String MIGRATE_INCOMING_EXIT_ON_ERROR = "needs-migrate-incoming-exit-on-error";

    /**
     * The guest can evaluate an NVDIMM's or the root's {@code _DSM} with any function, revision, UUID and input
     * (the reference guest's AML interpreter). Linux's passthrough ({@code ND_IOCTL_CALL}) cannot: its kernel
     * refuses functions outside the DIMM's {@code dsm_mask} (0 and unknown ones), and always passes the Intel
     * UUID, revision 1 and an Arg3 package.
     */
    public static final String RAW_GUEST_DSM = "needs-raw-guest-dsm";

    /**
     * The target's guest lives outside guest RAM (the reference guest), so a machine with a few hundred KiB of RAM
     * still starts and shows what its firmware did; QEMU must first load the Linux image's kernel and initrd
     * into that RAM.
     */
    public static final String GUEST_OUTSIDE_RAM = "needs-guest-outside-ram";

    /**
     * A memory-backend-file size that is not a multiple of the host page is accepted, a new file rounded up to
     * whole pages (QEMU 5.2 and 7.2; QEMU 10.0 refuses it: "memory size must be multiple of 4 KiB").
     */
    public static final String PAGE_UNALIGNED_BACKEND_SIZE = "needs-page-unaligned-backend-size";

    /**
     * memory-backend-file has no {@code offset} property, and the words for a file too small say so (QEMU 5.2 and
     * 7.2).
     */
    public static final String BACKEND_FILE_WITHOUT_OFFSET = "needs-backend-file-without-offset";

    /** memory-backend-file has an {@code offset} property (QEMU 8.2 and later), named when a file is too small. */
    public static final String BACKEND_FILE_OFFSET = "needs-backend-file-offset";

    /**
     * Refused {@code -object}, {@code -m} and {@code -device} options in the words of QEMU's QAPI option parsing, as
     * QEMU 7.2, 10.0 and 11.1 (and the reference) say them: "Invalid parameter 'colour'", "Parameter 'qom-type' does
     * not accept value ...", "Parameter 'mem-path' is missing", "Parameter 'size' is missing", "slots specified
     * but no max-size", "invalid value of maxmem: ...", "Parameter 'label-size' expects size"; a memory backend
     * refused while it is created (after the options were parsed) names no option; and the versioned machine
     * type pc-i440fx-7.2 exists. Seen absent on QEMU 5.2, which speaks {@link #QEMU_OPTS_OPTION_WORDS}; the
     * versions between 5.2 and 7.2 are not checked.
     */
    public static final String QAPI_OPTION_WORDS = "needs-qapi-option-words";

    /**
     * Refused {@code -object}, {@code -m} and {@code -device} options in the words of QEMU's older QemuOpts parsing,
     * as QEMU 5.2 says them: "Property 'memory-backend-file.colour' not found", "invalid object type: ...",
     * "mem-path property not set", "can't create backend with size 0", "invalid -m option value: missing 'maxmem'
     * option", "invalid value of -m option maxmem: ...", "Parameter 'label-size' expects a non-negative number
     * below 2^64"; a memory backend refused while it is created names its {@code -object} option; its newest
     * i440FX machine type is pc-i440fx-5.2. Seen on QEMU 5.2 only (7.2, 10.0 and 11.1 speak
     * {@link #QAPI_OPTION_WORDS}).
     */
    public static final String QEMU_OPTS_OPTION_WORDS = "needs-qemu-opts-option-words";

    /**
     * QMP {@code object-del} of a memory backend a DIMM maps is refused with "object 'ID' is in use, can not be
     * deleted" (QEMU 5.2, 7.2, 10.0 and the reference). Seen absent on 11.1, which says
     * {@link #MAPPED_BACKEND_DELETE_WORDS}; the versions between 10.0 and 11.1 are not checked.
     */
    public static final String OBJECT_IN_USE_WORDS = "needs-object-in-use-words";

    /**
     * The harness sees its guest's Read FIT requests as they happen and can act between two chunks
     * ({@link GuestReadFitTap}): the reference, whose guest's platform passes through the harness. Linux on QEMU
     * reads the FIT in the kernel, where no step can stop it between chunks; there the guest-less probe checks
     * the same hypervisor behaviour.
     */
    public static final String GUEST_READ_FIT_TAP = "needs-guest-read-fit-tap";

    /** The same refusal in QEMU 11.1's words: "Cannot delete host memory backend 'ID' which is mapped". */
    public static final String MAPPED_BACKEND_DELETE_WORDS = "needs-mapped-backend-delete-words";

    /**
     * memory-backend-file has a {@code readonly} property (QEMU 7.2, 10.0, 11.1 and the reference; seen absent on
     * QEMU 5.2: "Property 'memory-backend-file.readonly' not found"; the versions between are not checked).
     */
    public static final String BACKEND_READONLY = "needs-backend-readonly";

    /**
     * pmem=on on a file that is not on DAX draws QEMU's deprecation warning "Using non DAX backing file with
     * 'pmem=on' option is deprecated" (QEMU 7.2, 10.0, 11.1 and the reference; seen absent on QEMU 5.2, which
     * warns only that it proceeds without persistence; the versions between are not checked).
     */
    public static final String PMEM_NON_DAX_DEPRECATION = "needs-pmem-non-dax-deprecation";

    /**
     * The NFIT's OEM Table ID is the machine's own, {@code "BXPC    "} by default, as in every other table of
     * QEMU 7.2, 10.0, 11.1 and the reference (and in the golden tables of QEMU 7.2's bios-tables-test); seen
     * absent on QEMU 5.2, see {@link #SIGNATURE_OEM_TABLE_ID}; the versions between are not checked.
     */
    public static final String MACHINE_OEM_TABLE_ID = "needs-machine-oem-table-id";

    /**
     * The NVDIMM SSDT as QEMU 7.2's bios-tables-test has it (the golden tables): every NVxx device has the ACPI
     * label methods {@code _LSI}, {@code _LSR} and {@code _LSW}, and NCAL tests its conditions with LAnd/LOr
     * (QEMU 7.2, 10.0, 11.1 and the reference). Seen absent on QEMU 5.2, whose SSDT has no label methods and
     * uses And/Or; the versions between are not checked.
     */
    public static final String NVDIMM_LABEL_METHODS = "needs-nvdimm-label-methods";

    /**
     * The NFIT's OEM Table ID is {@code "BXPC"} followed by the table's signature, {@code "BXPCNFIT"} (QEMU 5.2;
     * 7.2 and later have {@link #MACHINE_OEM_TABLE_ID}).
     */
    public static final String SIGNATURE_OEM_TABLE_ID = "needs-signature-oem-table-id";

    /**
     * The target speaks the kit's own words where QEMU has none: a migration refusal QEMU does not make, named
     * on the destination and in the source's {@code query-migrate} (the reference).
     */
    public static final String KIT_WORDS = "needs-kit-words";

    /**
     * A refused configuration removes a backing file its command line created (the kit's own rule; QEMU leaves
     * the file it created for its memory-backend-file when it then refuses a {@code -device}).
     */
    public static final String REFUSAL_REMOVES_CREATED_FILE = "needs-refusal-removes-created-file";

    /**
     * The target is another implementation than the kit's reference emulator and guest, so comparing what its guest
     * sees with what the reference's sees tells something (on the reference it would compare the reference with
     * itself).
     */
    public static final String INDEPENDENT_TARGET = "needs-independent-target";

    /**
     * The guest reports its RAM in {@code /proc/meminfo}'s MemTotal line as Linux sizes it: from the firmware's
     * memory map (E820), which QEMU hands over through fw_cfg. The reference emulator offers no fw_cfg and no memory
     * map, and its guest cannot size RAM honestly from the ACPI tables it has (an SRAT only with NUMA, and Linux does
     * not count RAM from it), so the reference lacks this (every QEMU has it).
     */
    public static final String GUEST_MEMINFO = "needs-guest-meminfo";

    /**
     * The guest makes and mounts a file system on a namespace ({@code mke2fs}, {@code mount -o dax}): the kit's Linux
     * guest image, whose busybox and ext4 module do; the reference guest has no file system.
     */
    public static final String GUEST_FILESYSTEM = "needs-guest-filesystem";

    /** Tags with this prefix are capability tags. */
    public static final Set<String> PREFIXES = Set.of("seed-", "needs-");

    private Capabilities() {
    }

    /** Every declared capability: the values of this class's String constants (so a constant is a declaration). */
    public static Set<String> all() {
        Set<String> out = new TreeSet<>();
        for (Field f : Capabilities.class.getFields()) {
            if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    out.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    public static boolean isCapabilityTag(String tagWithoutAt) {
        return PREFIXES.stream().anyMatch(tagWithoutAt::startsWith);
    }
}
