package dev.vnvdimm.harness.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One DIMM as QMP {@code query-memory-devices} reports it (its {@code type} and the fields of its {@code data}),
 * whichever hypervisor answered.
 */
public record MemoryDevice(String type, String id, long addr, int slot, int node, long size, String memdev,
                           boolean hotplugged, boolean hotpluggable) {

    /** One element of a {@code query-memory-devices} reply: {@code {"type": …, "data": {…}}}. */
    public static MemoryDevice fromQmp(JsonNode entry) {
        JsonNode data = entry.path("data");
        return new MemoryDevice(entry.path("type").asText(), data.path("id").asText(""), data.path("addr").asLong(),
                data.path("slot").asInt(), data.path("node").asInt(), data.path("size").asLong(),
                data.path("memdev").asText(), data.path("hotplugged").asBoolean(),
                data.path("hotpluggable").asBoolean());
    }

    /** A field by its QMP name, as a feature's table writes it (addresses in hex). */
    public String field(String name) {
        return switch (name) {
            case "id" -> id;
            case "type" -> type;
            case "slot" -> String.valueOf(slot);
            case "addr" -> "0x" + Long.toHexString(addr);
            case "node" -> String.valueOf(node);
            case "size" -> String.valueOf(size);
            case "memdev" -> memdev;
            case "hotplugged" -> String.valueOf(hotplugged);
            case "hotpluggable" -> String.valueOf(hotpluggable);
            default -> throw new IllegalArgumentException("unknown memory-device field '" + name + "'");
        };
    }
}
