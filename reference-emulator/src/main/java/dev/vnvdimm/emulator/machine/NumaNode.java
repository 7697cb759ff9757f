package dev.vnvdimm.emulator.machine;

import dev.vnvdimm.emulator.hostmem.HostMemoryBackend;
import java.util.Optional;

/** A {@code -numa node}: its id and, when given, the backend holding its share of RAM. */
public record NumaNode(int nodeId, Optional<HostMemoryBackend> memdev) {
}
