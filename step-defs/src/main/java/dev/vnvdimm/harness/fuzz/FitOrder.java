package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.acpi.NfitStructure;
import dev.vnvdimm.abi.acpi.NfitParser;
import dev.vnvdimm.abi.dsm.DsmHandles;
import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.abi.dsm.QemuReservedDsm;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The one difference the comparison lets pass: a Read FIT chunk that is the reference's FIT with its NVDIMMs in
 * another order. ACPI prescribes no order for the NFIT's structures and a guest finds each NVDIMM by its handle; QEMU
 * lists them in the order its QOM tree's child table iterates the devices' ids (measured on 7.2: ids nv3 in slot 0
 * and nv4 in slot 2 list slot 2 first; ids x1 and x2 list slot 0 first), which the reference does not model. Such a
 * reply is counted apart, never called the same and never a divergence.
 */
final class FitOrder {
    private FitOrder() {
    }

    /**
     * Whether the target's reply to a Read FIT is the reference's, but for carrying the FIT with its NVDIMMs (each a
     * SPA range followed by the structures that refer to it) in some other order.
     *
     * @param fit the reference's whole FIT
     */
    static boolean sameFitInAnotherOrder(DsmRequest request, DsmObservation reference, DsmObservation target,
                                         byte[] fit) {
        if (request.handle() != DsmHandles.QEMU_RESERVED_ROOT || request.revision() != IntelDsm.REVISION_1
                || request.function() != QemuReservedDsm.READ_FIT
                || !(reference instanceof DsmObservation.Answered r) || !(target instanceof DsmObservation.Answered t)
                || r.length() != t.length() || r.word(1) != DsmStatus.SUCCESS || t.word(1) != DsmStatus.SUCCESS
                || r.length() > t.reply().length) {
            return false;
        }
        if (DsmDifference.between(reference, new DsmObservation.Answered(r.reply(), t.labelAreas())).isPresent()) {
            return false; // a label area differs too
        }
        long offset = request.argument(0);
        int from = DsmPage.OUTPUT + QemuReservedDsm.FIT_DATA;
        byte[] data = Arrays.copyOfRange(t.reply(), from, (int) t.length());
        for (byte[] order : orders(fit)) {
            if (offset + data.length <= order.length && Arrays.equals(
                    Arrays.copyOfRange(order, (int) offset, (int) offset + data.length), data)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The FIT with its NVDIMMs in every order: each SPA range starts an NVDIMM's bytes, its memory device map and
     * control region follow it; any other structure (platform capabilities) stays where it is, at the end.
     */
    static List<byte[]> orders(byte[] fit) {
        List<ByteArrayOutputStream> nvdimms = new ArrayList<>();
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        int at = 0;
        for (NfitStructure s : NfitParser.parseFit(fit)) {
            byte[] bytes = Arrays.copyOfRange(fit, at, at + s.length());
            at += s.length();
            if (s instanceof NfitStructure.SpaRange && rest.size() == 0) {
                nvdimms.add(new ByteArrayOutputStream());
                nvdimms.get(nvdimms.size() - 1).writeBytes(bytes);
            } else if ((s instanceof NfitStructure.MemoryDeviceMap || s instanceof NfitStructure.ControlRegion)
                    && !nvdimms.isEmpty() && rest.size() == 0) {
                nvdimms.get(nvdimms.size() - 1).writeBytes(bytes);
            } else {
                rest.writeBytes(bytes);
            }
        }
        List<byte[]> blocks = new ArrayList<>(nvdimms.stream().map(ByteArrayOutputStream::toByteArray).toList());
        List<byte[]> out = new ArrayList<>();
        if (blocks.size() > MOST_PERMUTED) { // 7! orders would be 5040 copies; no fuzz machine has that many
            out.add(fit);
            return out;
        }
        permute(blocks, 0, rest.toByteArray(), out);
        return out;
    }

    private static final int MOST_PERMUTED = 6;

    private static void permute(List<byte[]> blocks, int k, byte[] rest, List<byte[]> out) {
        if (k == blocks.size()) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            blocks.forEach(b::writeBytes);
            b.writeBytes(rest);
            out.add(b.toByteArray());
            return;
        }
        for (int i = k; i < blocks.size(); i++) {
            Collections.swap(blocks, k, i);
            permute(blocks, k + 1, rest, out);
            Collections.swap(blocks, k, i);
        }
    }
}
