package dev.vnvdimm.guest.nvdimm;

import dev.vnvdimm.abi.acpi.Guids;
import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlPackage;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Evaluates a device's {@code _DSM} as Linux's {@code acpi_evaluate_dsm} does: Arg0 the interface UUID as a
 * 16-byte buffer in GUID byte order, Arg1 the revision, Arg2 the function, Arg3 a Package holding the input
 * buffer (or an empty Package when there is none). Counts the calls it makes.
 */
public final class DsmCaller {
    private final AmlInterpreter interpreter;
    private long calls;

    public DsmCaller(AmlInterpreter interpreter) {
        this.interpreter = interpreter;
    }

    public AmlInterpreter interpreter() {
        return interpreter;
    }

    /** The _DSM result (a Buffer for every method QEMU writes). */
    public synchronized AmlObject call(NamespaceNode device, UUID uuid, long revision, long function,
                                       Optional<byte[]> input) {
        byte[] guid = new byte[Guids.SIZE];
        Guids.put(guid, 0, uuid);
        AmlPackage arg3 = new AmlPackage(input.map(b -> List.<AmlObject>of(new AmlBuffer(b))).orElse(List.of()));
        calls++;
        return interpreter.evaluateChild(device, "_DSM", new AmlBuffer(guid), AmlInteger.of(revision),
                AmlInteger.of(function), arg3);
    }

    /** The result's bytes; a non-buffer result is a firmware bug reported by name. */
    public byte[] callForBuffer(NamespaceNode device, UUID uuid, long revision, long function,
                                Optional<byte[]> input) {
        AmlObject r = call(device, uuid, revision, function, input);
        if (r instanceof AmlBuffer b) {
            return b.bytes();
        }
        throw new IllegalStateException(device.path() + "._DSM function " + function + " returned " + r
                + " instead of a Buffer");
    }

    /**
     * Linux's {@code acpi_check_dsm}: function 0 with this UUID and revision, the returned buffer read as a
     * little-endian mask; true when bit 0 and every bit of {@code functions} are set.
     */
    public boolean checkDsm(NamespaceNode device, UUID uuid, long revision, long functions) {
        byte[] r = callForBuffer(device, uuid, revision, 0, Optional.empty());
        long mask = 0;
        for (int i = Math.min(r.length, 8) - 1; i >= 0; i--) {
            mask = (mask << 8) | (r[i] & 0xFF);
        }
        return (mask & 1) != 0 && (mask & functions) == functions;
    }

    public synchronized long calls() {
        return calls;
    }
}
