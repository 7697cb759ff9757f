package dev.vnvdimm.system.load;

import dev.vnvdimm.abi.acpi.Guids;
import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.VcpuGate;
import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.aml.runtime.AmlPackage;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.kernel.AcpiBoot;
import dev.vnvdimm.guest.kernel.KernelLog;
import dev.vnvdimm.system.MachinePlatform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A guest's label calls as Linux makes them: Get and Set Namespace Label Data through an NVDIMM's {@code _DSM},
 * evaluated by the reference guest's AML interpreter on the machine's own SSDT, each call on one of the machine's
 * vCPUs ({@link VcpuGate#runOnOneVcpu}). Several threads may call at once — the SSDT's serialized method and its
 * mutex keep their uses of the one DSM page apart — and a pause (QMP {@code stop}, a migration's stop-and-copy)
 * holds them all. Not {@code DsmCaller}, which takes one call at a time.
 */
public final class LabelDsm {
    private static final AmlBuffer DEVICE_UUID;

    static {
        byte[] guid = new byte[Guids.SIZE];
        Guids.put(guid, 0, IntelDsm.DEVICE_UUID);
        DEVICE_UUID = new AmlBuffer(guid);
    }

    private final VcpuGate vcpus;
    private final AmlInterpreter aml;
    private final NamespaceNode device;

    private LabelDsm(VcpuGate vcpus, AmlInterpreter aml, NamespaceNode device) {
        this.vcpus = vcpus;
        this.aml = aml;
        this.device = device;
    }

    /**
     * Loads the machine's ACPI tables, as the guest finds them in its memory, into a fresh interpreter: the one
     * guest calling {@code device}'s {@code _DSM} (e.g. {@code \_SB.NVDR.NV00}).
     */
    public static LabelDsm boot(Machine machine, String device) {
        AmlInterpreter aml = AcpiBoot.boot(new MachinePlatform(machine), AmlOptions.defaults(), new KernelLog())
                .interpreter();
        return new LabelDsm(machine.vcpu(), aml, aml.namespace().find(device));
    }

    /** Get Namespace Label Data: the {@code length} bytes at {@code offset}, or why the reply is not that. */
    public byte[] read(int offset, int length) {
        byte[] reply = call(IntelDsm.GET_LABEL_DATA, IntelDsm.labelDataInput(offset, length, new byte[0]));
        if (reply.length != IntelDsm.LABEL_DATA_OUTPUT + length || DsmStatus.of(reply) != DsmStatus.SUCCESS) {
            throw new IllegalStateException(String.format("a read of [0x%x, +%d) got a reply of %d bytes: %s", offset,
                    length, reply.length, HexFormat.of().formatHex(reply, 0, Math.min(reply.length, 16))));
        }
        return Arrays.copyOfRange(reply, IntelDsm.LABEL_DATA_OUTPUT, reply.length);
    }

    /** Set Namespace Label Data; returns once the reply says it is done, and throws when it says anything else. */
    public void write(int offset, byte[] data) {
        byte[] reply = call(IntelDsm.SET_LABEL_DATA, IntelDsm.labelDataInput(offset, data.length, data));
        if (reply.length != DsmStatus.SIZE || DsmStatus.of(reply) != DsmStatus.SUCCESS) {
            throw new IllegalStateException(String.format("a write of [0x%x, +%d) got the reply %s", offset,
                    data.length, HexFormat.of().formatHex(reply, 0, Math.min(reply.length, 16))));
        }
    }

    private byte[] call(int function, byte[] arg3) {
        AmlObject[] args = {DEVICE_UUID, AmlInteger.of(IntelDsm.REVISION_1), AmlInteger.of(function),
            new AmlPackage(List.of(new AmlBuffer(arg3)))};
        AmlObject r = vcpus.runOnOneVcpu(() -> aml.evaluateChild(device, "_DSM", args));
        if (!(r instanceof AmlBuffer b)) {
            throw new IllegalStateException("_DSM function " + function + " returned " + r + ", not a Buffer");
        }
        return b.bytes();
    }

    /** Little-endian words as bytes, the way label data is laid out. */
    public static byte[] words(int[] words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }
}
