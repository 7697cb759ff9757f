package dev.vnvdimm.emulator.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.emulator.config.QemuOpts;
import dev.vnvdimm.emulator.machine.MemoryHotplug;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The QMP memory hot-plug commands — {@code object-add}, {@code object-del}, {@code device_add},
 * {@code device_del} — turned into {@link MemoryHotplug} requests. {@code object-add} is strictly typed as in
 * every QEMU; {@code device_add} takes property values as strings or numbers, as QEMU 7.2 (the version the
 * reference models) does.
 */
final class HotplugCommands {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HotplugCommands() {
    }

    static void register(QmpMonitor qmp, MemoryHotplug hotplug) {
        qmp.register("object-add", a -> {
            hotplug.objectAdd(ObjectAddArguments.toOptions(a));
            return NODES.objectNode();
        });
        qmp.register("object-del", a -> {
            hotplug.objectDel(requireString(a, "id"));
            return NODES.objectNode();
        });
        qmp.register("device_add", a -> {
            hotplug.deviceAdd(deviceOptions(a));
            return NODES.objectNode();
        });
        qmp.register("device_del", a -> {
            hotplug.deviceDel(requireString(a, "id"));
            return NODES.objectNode();
        });
    }

    /** device_add's arguments as {@code -device} options: strings as given, numbers in decimal, booleans on/off. */
    static QemuOpts deviceOptions(ObjectNode args) throws QmpError {
        requireString(args, "driver");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("driver", args.get("driver").asText());
        for (Map.Entry<String, JsonNode> f : args.properties()) {
            JsonNode v = f.getValue();
            if (f.getKey().equals("driver")) {
                continue;
            }
            if (v.isBoolean()) {
                values.put(f.getKey(), v.asBoolean() ? "on" : "off");
            } else if (v.isTextual() || v.isIntegralNumber()) {
                values.put(f.getKey(), v.asText());
            } else {
                throw QmpError.generic("Invalid parameter type for '" + f.getKey() + "', expected: string");
            }
        }
        return QemuOpts.of("-device", values);
    }

    private static String requireString(ObjectNode args, String name) throws QmpError {
        JsonNode v = args.get(name);
        if (v == null) {
            throw QmpError.generic("Parameter '" + name + "' is missing");
        }
        if (!v.isTextual()) {
            throw QmpError.generic("Invalid parameter type for '" + name + "', expected: string");
        }
        return v.asText();
    }
}
