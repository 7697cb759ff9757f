package dev.vnvdimm.emulator.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.emulator.config.QemuOpts;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * QMP {@code object-add}'s flat arguments checked as QEMU's QAPI schema checks them (qapi/qom.json
 * {@code MemoryBackendProperties}, {@code MemoryBackendFileProperties}): strictly typed JSON — a size is a
 * number, a switch a boolean — members in schema order, mandatory ones missing, then any member the type does not
 * have. What passes becomes the {@code -object} options the command line would have given.
 */
final class ObjectAddArguments {
    private static final String FILE = "memory-backend-file";
    private static final String RAM = "memory-backend-ram";

    private enum Type { BOOL, SIZE, UINT32, STR, LIST }

    private record Member(String name, Type type, boolean mandatory) {
    }

    private static final List<Member> BACKEND = List.of(
            new Member("dump", Type.BOOL, false), new Member("host-nodes", Type.LIST, false),
            new Member("merge", Type.BOOL, false), new Member("policy", Type.STR, false),
            new Member("prealloc", Type.BOOL, false), new Member("prealloc-threads", Type.UINT32, false),
            new Member("share", Type.BOOL, false), new Member("reserve", Type.BOOL, false),
            new Member("size", Type.SIZE, true),
            new Member("x-use-canonical-path-for-ramblock-id", Type.BOOL, false));
    private static final List<Member> FILE_ONLY = List.of(
            new Member("align", Type.SIZE, false), new Member("discard-data", Type.BOOL, false),
            new Member("mem-path", Type.STR, true), new Member("pmem", Type.BOOL, false),
            new Member("readonly", Type.BOOL, false));

    private ObjectAddArguments() {
    }

    static QemuOpts toOptions(ObjectNode args) throws QmpError {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode type = args.get("qom-type");
        if (type == null) {
            throw QmpError.generic("Parameter 'qom-type' is missing");
        }
        if (!type.isTextual() || !(FILE.equals(type.asText()) || RAM.equals(type.asText()))) {
            throw QmpError.generic("Parameter 'qom-type' does not accept value '" + type.asText() + "'");
        }
        values.put("qom-type", type.asText());
        values.put("id", value(args, new Member("id", Type.STR, true)));
        List<Member> members = new ArrayList<>(BACKEND);
        if (FILE.equals(type.asText())) {
            members.addAll(FILE_ONLY);
        }
        for (Member m : members) {
            String v = value(args, m);
            if (v != null) {
                values.put(m.name(), v);
            }
        }
        Iterator<String> names = args.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!n.equals("qom-type") && !n.equals("id") && members.stream().noneMatch(m -> m.name().equals(n))) {
                throw QmpError.generic("Parameter '" + n + "' is unexpected");
            }
        }
        return QemuOpts.of("-object", values);
    }

    /** The member as {@code -object} text, or null when absent and optional. */
    private static String value(ObjectNode args, Member m) throws QmpError {
        JsonNode v = args.get(m.name());
        if (v == null) {
            if (m.mandatory()) {
                throw QmpError.generic("Parameter '" + m.name() + "' is missing");
            }
            return null;
        }
        switch (m.type()) {
            case BOOL:
                if (!v.isBoolean()) {
                    throw wrongType(m, "boolean");
                }
                return v.asBoolean() ? "on" : "off";
            case SIZE:
                if (!v.isIntegralNumber() || v.asLong() < 0) {
                    throw QmpError.generic("Parameter '" + m.name() + "' expects uint64");
                }
                return Long.toUnsignedString(v.asLong());
            case UINT32:
                if (!v.isIntegralNumber()) {
                    throw wrongType(m, "integer");
                }
                return v.asText();
            case STR:
                if (!v.isTextual()) {
                    throw wrongType(m, "string");
                }
                return v.asText();
            default:
                throw QmpError.generic("Parameter '" + m.name() + "': host NUMA binding is not supported by the "
                        + "reference emulator");
        }
    }

    private static QmpError wrongType(Member m, String expected) {
        return QmpError.generic("Invalid parameter type for '" + m.name() + "', expected: " + expected);
    }
}
