package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.abi.dsm.QemuReservedDsm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A divergence as a scenario for {@code dsm-protocol.feature}, in its steps' words, so it runs unchanged there: the
 * machine (none for the feature's Background machine), each request with the start of the reference's reply, and for
 * the divergent request what the reference answered up to the first word that differs, or what it did to the label
 * area. On the reference it passes; on the target it fails where the fuzzer saw the difference.
 */
public final class ReproducerScenario {
    private static final String STEP = "    ";

    private ReproducerScenario() {
    }

    /**
     * @param title       the scenario's name
     * @param description lines under the name (how it was found)
     */
    public static String of(DsmDifferentialFuzzer.Divergence d, String title, List<String> description) {
        List<String> lines = new ArrayList<>();
        lines.add("  Scenario: " + title);
        description.forEach(l -> lines.add(STEP + l));
        FuzzMachine m = d.machine();
        String next = "Given";
        if (!m.background()) {
            if (m.prepared().isPresent()) {
                lines.add(STEP + "Given " + m.prepared().get().step());
                next = "And";
            }
            lines.add(STEP + next + " a machine started with:");
            lines.add(STEP + "  \"\"\"");
            m.commandLine().lines().forEach(l -> lines.add(STEP + "  " + l.strip()));
            lines.add(STEP + "  \"\"\"");
        }
        List<DsmDifferentialFuzzer.Exchange> exchanges = d.exchanges();
        for (int i = 0; i < exchanges.size() - 1; i++) {
            DsmDifferentialFuzzer.Exchange e = exchanges.get(i);
            lines.add(STEP + "When " + e.request().step());
            if (e.reference() instanceof DsmObservation.Answered a) {
                lines.add(STEP + "Then the DSM reply starts with \"" + words(a, 1) + "\"");
            }
        }
        lastRequest(d, lines);
        return String.join("\n", lines) + "\n";
    }

    private static void lastRequest(DsmDifferentialFuzzer.Divergence d, List<String> lines) {
        DsmDifferentialFuzzer.Exchange e = d.last();
        DsmDifference diff = d.difference();
        String labelFile = diff.kind() == DsmDifference.Kind.LABEL_AREA ? diff.file() : null;
        boolean unchangedByReference = false;
        if (labelFile != null && e.reference() instanceof DsmObservation.Answered a) {
            byte[] before = d.areasBefore().get(labelFile);
            unchangedByReference = before != null && Arrays.equals(before, a.labelAreas().get(labelFile));
        }
        if (unchangedByReference) {
            lines.add(STEP + "When the label area of file \"" + labelFile + "\" is remembered");
            lines.add(STEP + "And " + e.request().step());
        } else {
            lines.add(STEP + "When " + e.request().step());
        }
        // what the hypervisor should answer: the reference's, but where the reference itself failed, QEMU's
        DsmObservation model = diff.kind() == DsmDifference.Kind.REFERENCE_ENDED ? e.target() : e.reference();
        if (model instanceof DsmObservation.Answered a) {
            int upTo = diff.kind() == DsmDifference.Kind.REPLY ? Math.max(1, diff.word()) : 1;
            lines.add(STEP + "Then the DSM reply starts with \"" + words(a, upTo) + "\"");
        }
        if (labelFile != null && e.reference() instanceof DsmObservation.Answered a) {
            if (unchangedByReference) {
                lines.add(STEP + "And the label area of file \"" + labelFile + "\" is unchanged");
            } else {
                int at = diff.offset() & ~(DsmPage.WORD - 1);
                int word = ByteBuffer.wrap(a.labelAreas().get(labelFile)).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
                lines.add(STEP + "And the label area of file \"" + labelFile + "\" holds the word 0x"
                        + Integer.toHexString(word) + " at offset 0x" + Integer.toHexString(at));
            }
        }
    }

    /** Reply words 0 to {@code upTo} as the feature writes them. */
    private static String words(DsmObservation.Answered a, int upTo) {
        List<String> w = new ArrayList<>();
        for (int i = 0; i <= upTo && (i + 1) * DsmPage.WORD <= a.reply().length; i++) {
            w.add(DsmRequest.word((int) a.word(i)));
        }
        return String.join(", ", w);
    }

    /** A short title: the request's function, what its handle names, and how the target differed. */
    public static String title(DsmDifferentialFuzzer.Divergence d) {
        DsmRequest r = d.last().request();
        HandleKind kind = HandleKind.of(d.machine(), r.handle());
        String how = switch (d.difference().kind()) {
            case REFERENCE_ENDED -> "the reference fails";
            case TARGET_ENDED -> "the hypervisor ends";
            case REPLY -> d.difference().word() == 0 ? "the reply's length differs"
                    : d.difference().word() == 1 ? "the status differs" : "the reply's data differs";
            case LABEL_AREA -> "the label area differs";
        };
        return functionName(kind, r.function()) + " to " + handleWords(kind)
                + (r.revision() == IntelDsm.REVISION_1 ? "" : " with revision " + DsmRequest.word(r.revision()))
                + ": " + how;
    }

    static String functionName(HandleKind kind, int function) {
        if (kind == HandleKind.QEMU_RESERVED_ROOT && function == QemuReservedDsm.READ_FIT) {
            return "Read FIT";
        }
        return switch (function) {
            case IntelDsm.QUERY -> "a query";
            case IntelDsm.GET_LABEL_SIZE -> "Get Namespace Label Size";
            case IntelDsm.GET_LABEL_DATA -> "Get Namespace Label Data";
            case IntelDsm.SET_LABEL_DATA -> "Set Namespace Label Data";
            default -> "function " + DsmRequest.word(function);
        };
    }

    private static final Map<HandleKind, String> HANDLE_WORDS = Map.of(
            HandleKind.QEMU_RESERVED_ROOT, "QEMU's reserved root", HandleKind.ROOT, "the root device",
            HandleKind.LABELLED_NVDIMM, "a labelled NVDIMM", HandleKind.READ_ONLY_NVDIMM, "a read-only NVDIMM",
            HandleKind.LABEL_LESS_NVDIMM, "a label-less NVDIMM", HandleKind.EMPTY_SLOT, "an empty slot",
            HandleKind.NO_SLOT, "a handle no slot has");

    static String handleWords(HandleKind kind) {
        return HANDLE_WORDS.get(kind);
    }
}
