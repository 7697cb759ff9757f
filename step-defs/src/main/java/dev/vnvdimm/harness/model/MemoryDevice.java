package dev.vnvdimm.harness.model;

/**
 * One DIMM as QMP {@code query-memory-devices} reports it (its {@code type} and the fields of its {@code data}),
 * whichever hypervisor answered.
 */
public record MemoryDevice(String type, String id, long addr, int slot, int node, long size, String memdev,
                           boolean hotplugged, boolean hotpluggable) {
}
