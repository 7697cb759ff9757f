package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.emulator.machine.Machine;

/**
 * Consecutive dirty pages of one RAM block, sent as one RAM section; {@code inHole}: all known to be zero
 * without reading them.
 */
record PageRun(Machine.RamBlock block, int firstPage, int count, boolean inHole) {
}
