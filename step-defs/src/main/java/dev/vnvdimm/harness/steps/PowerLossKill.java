package dev.vnvdimm.harness.steps;

import java.util.Optional;

/**
 * One kill of a power-loss loop and what the guest found once its machine had started again on the same files: the
 * label update that was under way (its guest commands), when the kill came, whether the guest had reported the update
 * done by then, the namespaces before and after the update, and those found.
 *
 * @param number       the kill's number in its loop, from 1
 * @param update       what the guest was doing (its commands, joined)
 * @param point        when the kill came, in words ("at 41 ms of the update's ~120 ms", "7 ms after the reply")
 * @param acknowledged the guest had reported the whole update done before the kill
 * @param before       the namespaces before the update
 * @param after        the namespaces the update makes
 * @param previous     the namespaces before the update that came before this one, when it ran in the same boot (else
 *                     empty): the state an index one update older than the current one holds
 * @param indexValid   whether the guest found a valid label index after the restart ({@code ndctl check-labels})
 * @param checkLabels  what {@code ndctl check-labels} printed
 * @param found        the namespaces the guest found after the restart
 * @param labels       the label area as the guest read it after the restart ({@code ndctl read-labels -j}), kept when
 *                     the kill's verdict is a failure
 */
record PowerLossKill(int number, String update, String point, boolean acknowledged, ListedNamespaces before,
                     ListedNamespaces after, Optional<ListedNamespaces> previous, boolean indexValid,
                     String checkLabels, ListedNamespaces found, String labels) {

    /** What the restart found, judged. */
    enum Verdict {
        /** The update had not happened: allowed unless the guest had reported it done. */
        BEFORE(false),
        /** The update had happened. */
        AFTER(false),
        /** No valid label index. */
        NO_VALID_INDEX(true),
        /**
         * The namespaces before the update that came before this one: the index before last came back, an older
         * state than either.
         */
        PREVIOUS(true),
        /** Namespaces that are neither those before the update nor those after it: a half-made update. */
        NEITHER(true),
        /** The state before an update the guest had reported done: an acknowledged write was lost. */
        LOST_ACKNOWLEDGED(true);

        private final boolean failure;

        Verdict(boolean failure) {
            this.failure = failure;
        }

        boolean failure() {
            return failure;
        }
    }

    Verdict verdict() {
        if (!indexValid) {
            return Verdict.NO_VALID_INDEX;
        }
        if (found.sameAs(after)) {
            return Verdict.AFTER;
        }
        if (found.sameAs(before)) {
            return acknowledged ? Verdict.LOST_ACKNOWLEDGED : Verdict.BEFORE;
        }
        return previous.filter(found::sameAs).isPresent() ? Verdict.PREVIOUS : Verdict.NEITHER;
    }

    /** One line for the report, with the label area after it when the verdict is a failure. */
    String describe() {
        String line = String.format("kill %d: %s, %s%s -> %s%n    before: %s%n    after:  %s%n%s    found:  %s%n",
                number, update, point, acknowledged ? " (the guest had reported it done)" : "", verdict(), before,
                after, previous.map(p -> "    before the update before: " + p + "\n").orElse(""), found);
        if (!indexValid) {
            line += "    ndctl check-labels: " + checkLabels.strip() + "\n";
        }
        return verdict().failure() && !labels.isEmpty() ? line + "    ndctl read-labels -j:\n" + labels.indent(6)
                : line;
    }
}
