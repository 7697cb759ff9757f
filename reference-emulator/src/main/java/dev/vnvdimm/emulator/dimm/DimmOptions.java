package dev.vnvdimm.emulator.dimm;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.config.QemuOpts;
import dev.vnvdimm.emulator.hostmem.HostMemoryBackend;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The properties of a {@code -device pc-dimm|nvdimm,...} option, read in command-line order with the
 * checks QEMU makes when it sets each property (e.g. {@code label-size} below 128 KiB, an unknown memdev).
 *
 * @param slot  {@link DimmSlots#UNASSIGNED} when not given
 * @param addr  0 when not given (QEMU treats 0 as "choose")
 * @param labelSize 0 = no label area. {@code reserve-label-data=on} (the 2015 design's switch) gives 128 KiB.
 */
public record DimmOptions(String driver, Optional<String> id, HostMemoryBackend memdev, int slot, long addr, int node,
                          long labelSize, boolean unarmed, UUID uuid) {
    public static final String PC_DIMM = "pc-dimm";
    public static final String NVDIMM = "nvdimm";
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public static boolean isDimmDriver(String driver) {
        return PC_DIMM.equals(driver) || NVDIMM.equals(driver);
    }

    /** @param backends looks a memdev up by id; returns null when there is none */
    public static DimmOptions parse(QemuOpts opts, Function<String, HostMemoryBackend> backends) {
        String driver = opts.require("driver");
        boolean nv = NVDIMM.equals(driver);
        Optional<String> id = Optional.empty();
        HostMemoryBackend memdev = null;
        int slot = DimmSlots.UNASSIGNED;
        long addr = 0;
        int node = 0;
        long labelSize = 0;
        boolean labelSizeGiven = false;
        Boolean reserveLabelData = null;
        boolean unarmed = false;
        UUID uuid = new UUID(0, 0);
        for (String key : opts.keys()) {
            switch (key) {
                case "driver" -> { }
                case "id" -> id = opts.id();
                case "memdev" -> {
                    String name = opts.get(key).orElseThrow();
                    memdev = backends.apply(name);
                    if (memdev == null) {
                        throw QemuError.deviceNotFound(opts.location(), name);
                    }
                }
                case "slot" -> slot = opts.integer(key, "int32", Integer.MIN_VALUE, Integer.MAX_VALUE).orElseThrow()
                        .intValue();
                case "addr" -> addr = opts.integer(key, "uint64", Long.MIN_VALUE, -1L).orElseThrow();
                case "node" -> node = opts.integer(key, "uint32", 0, 0xFFFF_FFFFL).orElseThrow().intValue();
                case "label-size" -> {
                    requireNvdimm(opts, driver, key);
                    long v = opts.size(key, 1).getAsLong();
                    if (v < Nvdimm.MIN_LABEL_SIZE) {
                        throw opts.error(String.format("Property '%s.%s' (0x%x) is required at least 0x%x",
                                driver, key, v, Nvdimm.MIN_LABEL_SIZE));
                    }
                    labelSize = v;
                    labelSizeGiven = true;
                }
                case "reserve-label-data" -> {
                    requireNvdimm(opts, driver, key);
                    reserveLabelData = opts.bool(key, false);
                }
                case "unarmed" -> {
                    requireNvdimm(opts, driver, key);
                    unarmed = opts.bool(key, false);
                }
                case "uuid" -> {
                    requireNvdimm(opts, driver, key);
                    String text = opts.get(key).orElseThrow();
                    if (!UUID_TEXT.matcher(text).matches()) {
                        throw opts.error("Property '" + driver + ".uuid' has invalid value");
                    }
                    uuid = UUID.fromString(text);
                }
                default -> throw opts.error("Property '" + driver + "." + key + "' not found");
            }
        }
        if (reserveLabelData != null) {
            if (labelSizeGiven) {
                throw opts.error("'reserve-label-data' and 'label-size' cannot be used together: "
                        + "reserve-label-data=on means a label area of 0x20000 bytes");
            }
            labelSize = reserveLabelData ? Nvdimm.MIN_LABEL_SIZE : 0;
        }
        if (!nv && !PC_DIMM.equals(driver)) {
            throw new QemuError(opts.location(), "'" + driver + "' is not a valid device model name");
        }
        return new DimmOptions(driver, id, memdev, slot, addr, node, labelSize, unarmed, uuid);
    }

    private static void requireNvdimm(QemuOpts opts, String driver, String key) {
        if (!NVDIMM.equals(driver)) {
            throw opts.error("Property '" + driver + "." + key + "' not found");
        }
    }

    /** The device these options describe, not yet plugged. */
    public DimmDevice create() {
        return NVDIMM.equals(driver) ? new Nvdimm(id, memdev, node, labelSize, unarmed, uuid)
                : new PcDimm(id, memdev, node);
    }
}
