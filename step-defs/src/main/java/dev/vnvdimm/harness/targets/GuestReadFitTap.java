package dev.vnvdimm.harness.targets;

import java.util.List;

/**
 * What a target offers when it can watch its guest's DSM exchanges as they happen (the reference: its guest's
 * platform passes through the harness): the Read FIT requests the guest made and their statuses, and one action
 * run at a chosen point between two of them. It makes "the FIT changed between two chunks of the guest's own
 * {@code _FIT}" happen every time, not by luck of timing. Scenarios that need it carry
 * {@code @needs-guest-read-fit-tap}.
 */
public interface GuestReadFitTap {
    /** One Read FIT request the guest made: the offset it asked for and the status it got. */
    record ReadFit(long offset, int status) {
    }

    /** Runs {@code action} once, on the guest's thread, right after the guest's next Read FIT from offset 0. */
    void afterNextReadFitFromStart(Runnable action);

    /** Every Read FIT the guest made so far, oldest first. */
    List<ReadFit> readFits();

    /** What the action threw, if it failed: the scenario fails with it. */
    List<Throwable> failures();
}
