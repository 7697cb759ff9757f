/**
 * Differential fuzzing of the DSM protocol ({@code vnvdimm fuzz dsm}): structured requests generated from a seed, sent
 * through the guest-less DSM probe to the reference and to a target on the same machine configurations, their replies
 * and label areas compared after every request. A divergence is minimized (the fewest requests from fresh machines
 * that still show it) and written as a scenario in {@code dsm-protocol.feature}'s words; a target's declared known
 * defects are recognized and counted instead.
 */
package dev.vnvdimm.harness.fuzz;
