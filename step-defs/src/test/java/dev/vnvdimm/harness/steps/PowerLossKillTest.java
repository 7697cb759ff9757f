package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.harness.steps.PowerLossKill.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a restart's findings are judged against the namespaces before and after the interrupted update. */
class PowerLossKillTest {
    private static final ListedNamespaces.Namespace A = new ListedNamespaces.Namespace(
            "11111111-2222-4333-8444-555555555555", "a", 16L << 20, "raw", "namespace0.0");
    private static final ListedNamespaces.Namespace B = new ListedNamespaces.Namespace(
            "22222222-2222-4333-8444-555555555555", "b", 32L << 20, "raw", "namespace0.1");
    private static final ListedNamespaces ONLY_A = new ListedNamespaces(List.of(A));
    private static final ListedNamespaces A_AND_B = new ListedNamespaces(List.of(B, A));

    private static PowerLossKill found(ListedNamespaces found, boolean acknowledged, boolean indexValid) {
        // the update destroyed b; the one before it created a on an empty area
        return new PowerLossKill(1, "ndctl destroy-namespace namespace0.1 -f", "killed at 1 ms", acknowledged, A_AND_B,
                ONLY_A, Optional.of(ONLY_A.without(A)), indexValid, "", found, "[labels]");
    }

    @Test
    void theStateAfterIsAlwaysRightAndTheStateBeforeOnlyWhileTheGuestHadNotReportedTheUpdateDone() {
        assertThat(found(ONLY_A, false, true).verdict()).isEqualTo(Verdict.AFTER);
        assertThat(found(ONLY_A, true, true).verdict()).isEqualTo(Verdict.AFTER);
        assertThat(found(A_AND_B, false, true).verdict()).isEqualTo(Verdict.BEFORE);
        assertThat(found(A_AND_B, true, true).verdict()).isEqualTo(Verdict.LOST_ACKNOWLEDGED);
        assertThat(List.of(Verdict.AFTER, Verdict.BEFORE)).noneMatch(Verdict::failure);
    }

    @Test
    void anOlderStateAnotherStateOrNoValidIndexFail() {
        assertThat(found(ListedNamespaces.NONE, false, true).verdict()).isEqualTo(Verdict.PREVIOUS);
        assertThat(found(new ListedNamespaces(List.of(B)), false, true).verdict()).isEqualTo(Verdict.NEITHER);
        assertThat(found(ONLY_A, false, false).verdict()).isEqualTo(Verdict.NO_VALID_INDEX);
        assertThat(List.of(Verdict.PREVIOUS, Verdict.NEITHER, Verdict.NO_VALID_INDEX, Verdict.LOST_ACKNOWLEDGED))
                .allMatch(Verdict::failure);
    }

    @Test
    void theLabelAreaIsShownForAFailureOnly() {
        assertThat(found(new ListedNamespaces(List.of(B)), false, true).describe()).contains("[labels]")
                .contains("-> NEITHER").contains("'b' 32M raw 22222222-2222-4333-8444-555555555555");
        assertThat(found(ONLY_A, false, true).describe()).doesNotContain("[labels]").contains("-> AFTER");
    }

    @Test
    void ndctlListingsAreComparedByWhatTheLabelsSayNotByDeviceNames() {
        ListedNamespaces linux = ListedNamespaces.parse("""
                [
                  {"dev":"namespace0.1","mode":"raw","size":33554432,"uuid":"22222222-2222-4333-8444-555555555555",
                   "sector_size":512,"blockdev":"pmem0.1","name":"b"},
                  {"dev":"namespace0.0","mode":"raw","size":16777216,"uuid":"11111111-2222-4333-8444-555555555555",
                   "sector_size":512,"blockdev":"pmem0","name":"a"}
                ]""");
        ListedNamespaces renumbered = ListedNamespaces.parse("""
                {"namespaces":[{"dev":"namespace0.3","mode":"raw","size":16777216,
                 "uuid":"11111111-2222-4333-8444-555555555555","name":"a"},
                 {"dev":"namespace0.0","mode":"raw","size":33554432,"uuid":"22222222-2222-4333-8444-555555555555",
                 "name":"b"}]}""");
        assertThat(linux.sameAs(A_AND_B)).isTrue();
        assertThat(renumbered.sameAs(linux)).isTrue();
        assertThat(ListedNamespaces.parse("").sameAs(ListedNamespaces.NONE)).isTrue();
        assertThat(ListedNamespaces.parse("""
                {"dev":"namespace0.0","mode":"raw","size":16777216,"uuid":"11111111-2222-4333-8444-555555555555",
                 "name":"a"}""").sameAs(ONLY_A)).isTrue();
        assertThat(ListedNamespaces.parse("""
                [{"dev":"namespace0.0","mode":"fsdax","size":16777216,"uuid":"11111111-2222-4333-8444-555555555555",
                  "name":"a"}]""").sameAs(ONLY_A)).as("another mode").isFalse();
    }
}
