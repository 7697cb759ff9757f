package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.harness.targets.KnownDefect;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The known defects a DSM request can show, each with the requests that show it: a target's observation is that
 * defect when the target declares it (by its version, as for the scenarios), the request is one of those, and the
 * target's last words match what the defect's declaration records. Anything else that differs is a divergence.
 */
public final class DsmKnownDefects {
    /** Which requests can show a declared defect. */
    record Rule(String id, RequestFilter applies) {
    }

    @FunctionalInterface
    interface RequestFilter {
        boolean test(FuzzMachine machine, DsmRequest request);
    }

    /** A label read or write, revision 1, to an NVDIMM with a label area. */
    private static boolean labelTransfer(FuzzMachine machine, DsmRequest r) {
        return r.revision() == IntelDsm.REVISION_1 && HandleKind.of(machine, r.handle()).labelled()
                && (r.function() == IntelDsm.GET_LABEL_DATA || r.function() == IntelDsm.SET_LABEL_DATA);
    }

    static final List<Rule> RULES = List.of(
            new Rule("qemu-zero-length-label-dsm-aborts", (m, r) -> labelTransfer(m, r) && r.labelLength() == 0),
            new Rule("qemu-read-only-label-write-crashes", (m, r) -> labelTransfer(m, r)
                    && r.function() == IntelDsm.SET_LABEL_DATA
                    && HandleKind.of(m, r.handle()) == HandleKind.READ_ONLY_NVDIMM));

    private DsmKnownDefects() {
    }

    /** The ids the rules name: each must be a defect some target declares. */
    public static List<String> ids() {
        return RULES.stream().map(Rule::id).toList();
    }

    /** The declared defect this observation of the target shows, if it is one. */
    public static Optional<KnownDefect> recognize(FuzzMachine machine, DsmRequest request, DsmObservation target,
                                                  Map<String, KnownDefect> declared) {
        if (!(target instanceof DsmObservation.Ended ended)) {
            return Optional.empty(); // every DSM defect known so far ends QEMU
        }
        return RULES.stream().filter(rule -> rule.applies().test(machine, request))
                .map(rule -> declared.get(rule.id())).filter(d -> d != null && d.reproducedBy(ended.lastWords()))
                .findFirst();
    }
}
