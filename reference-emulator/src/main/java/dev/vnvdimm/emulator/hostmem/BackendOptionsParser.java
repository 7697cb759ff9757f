package dev.vnvdimm.emulator.hostmem;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.config.QemuOpts;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a {@code -object memory-backend-file|memory-backend-ram,...} option into {@link BackendOptions},
 * property by property in command-line order, with QEMU's texts for bad values and unknown properties.
 */
public final class BackendOptionsParser {
    public static final String FILE = "memory-backend-file";
    public static final String RAM = "memory-backend-ram";

    private BackendOptionsParser() {
    }

    public static boolean isBackendType(String qomType) {
        return FILE.equals(qomType) || RAM.equals(qomType);
    }

    public static BackendOptions parse(QemuOpts opts) {
        String type = opts.require("qom-type");
        boolean file = FILE.equals(type);
        String id = null;
        Optional<Long> size = Optional.empty();
        Optional<Path> memPath = Optional.empty();
        boolean share = false;
        long align = 0;
        boolean readOnly = false;
        boolean discard = false;
        boolean pmem = false;
        boolean prealloc = false;
        boolean merge = true;
        boolean dump = true;
        boolean reserve = true;
        for (String key : opts.keys()) {
            switch (key) {
                case "qom-type" -> { }
                case "id" -> id = opts.id().orElseThrow();
                case "size" -> {
                    long v = opts.size("size", 1).getAsLong();
                    if (v == 0) {
                        throw opts.error("property 'size' of " + type + " doesn't take value '0'");
                    }
                    size = Optional.of(v);
                }
                case "share" -> share = opts.bool("share", false);
                case "prealloc" -> prealloc = opts.bool("prealloc", false);
                case "prealloc-threads" -> opts.integer("prealloc-threads", "uint32", 1, 0xFFFF_FFFFL);
                case "merge" -> merge = opts.bool("merge", true);
                case "dump" -> dump = opts.bool("dump", true);
                case "reserve" -> reserve = opts.bool("reserve", true);
                case "x-use-canonical-path-for-ramblock-id" -> opts.bool(key, false);
                case "policy", "host-nodes" -> throw opts.error("property '" + key
                        + "' (host NUMA binding) is not supported by the reference emulator");
                case "mem-path" -> {
                    if (!file) {
                        throw unknown(opts, key);
                    }
                    String path = opts.get(key).orElseThrow();
                    try {
                        memPath = Optional.of(Path.of(path));
                    } catch (InvalidPathException e) {
                        // only a NUL can do it on Linux; QEMU, whose strings end at a NUL, never sees one
                        throw opts.error("mem-path '" + path.replace("\0", "\\0") + "' is not a valid path: "
                                + e.getReason());
                    }
                }
                case "align" -> {
                    if (!file) {
                        throw unknown(opts, key);
                    }
                    align = opts.size("align", 1).getAsLong();
                }
                case "readonly" -> {
                    if (!file) {
                        throw unknown(opts, key);
                    }
                    readOnly = opts.bool(key, false);
                }
                case "discard-data" -> {
                    if (!file) {
                        throw unknown(opts, key);
                    }
                    discard = opts.bool(key, false);
                }
                case "pmem" -> {
                    if (!file) {
                        throw unknown(opts, key);
                    }
                    pmem = opts.bool(key, false);
                }
                default -> throw unknown(opts, key);
            }
        }
        if (id == null) {
            throw opts.error("Parameter 'id' is missing");
        }
        if (file && memPath.isEmpty()) {
            throw opts.error("Parameter 'mem-path' is missing");
        }
        if (prealloc && !reserve) {
            throw opts.error("'prealloc=on' and 'reserve=off' are incompatible");
        }
        return new BackendOptions(id, size, memPath, share, align, readOnly, discard, pmem, prealloc, merge, dump,
                reserve);
    }

    /** QEMU 7.2 checks -object's keys against the type's properties as QAPI does: no type in the text. */
    private static QemuError unknown(QemuOpts opts, String key) {
        return opts.error("Invalid parameter '" + key + "'");
    }
}
