package dev.vnvdimm.emulator.hostmem;

import dev.vnvdimm.emulator.config.QemuOpts;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Creates a memory backend object from its {@code -object} options with QEMU's checks in QEMU's order (type,
 * properties, duplicate id, then allocation): what the command line, QMP {@code object-add} and HMP
 * {@code object_add} share. A creation that fails leaves no mapping and no file behind.
 */
public final class MemoryBackendCreator {
    private final Progress progress;

    public MemoryBackendCreator(Progress progress) {
        this.progress = progress;
    }

    /** @param idTaken whether an object of that id already exists */
    public HostMemoryBackend create(QemuOpts o, Predicate<String> idTaken, Consumer<String> warnings) {
        String type = o.require("qom-type");
        if (!BackendOptionsParser.isBackendType(type)) {
            throw o.error("Parameter 'qom-type' does not accept value '" + type + "'"); // QEMU 7.2's QAPI text
        }
        BackendOptions bo = BackendOptionsParser.parse(o);
        if (idTaken.test(bo.id())) {
            throw o.error("attempt to add duplicate property '" + bo.id() + "' to object (type 'container')");
        }
        // QEMU 7.2 reports allocation failures (file, size, alignment) without the option's location.
        if (BackendOptionsParser.FILE.equals(type)) {
            return MemoryBackendFile.create(bo, warnings, progress);
        }
        return MemoryBackendRam.create(bo, progress);
    }
}
