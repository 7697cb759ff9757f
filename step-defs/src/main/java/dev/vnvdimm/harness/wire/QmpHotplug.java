package dev.vnvdimm.harness.wire;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.abi.qemu.QemuSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns {@code -object} and {@code -device} options, as a scenario writes them, into the QMP {@code object-add}
 * and {@code device_add} commands a management tool sends to hot-add them. QMP is typed where the command line is
 * text (QEMU 10.0 refuses {@code "label-size": "128K"}; 7.2 took it), so each property gets its QAPI type:
 * sizes and numbers as JSON integers, switches as booleans, everything else as strings — as libvirt sends them.
 */
public final class QmpHotplug {
    /** memory-backend-* and nvdimm/pc-dimm properties that QAPI declares as {@code size} or an integer type. */
    private static final Set<String> NUMBERS = Set.of("size", "align", "offset", "prealloc-threads", "label-size",
            "slot", "addr", "node");
    /** Those declared {@code bool} (on/off on the command line). */
    private static final Set<String> BOOLEANS = Set.of("share", "merge", "dump", "prealloc", "reserve", "readonly",
            "pmem", "discard-data", "unarmed", "x-use-canonical-path-for-ramblock-id");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One QMP command: its name and arguments. */
    public record Command(String execute, ObjectNode arguments) {
        @Override
        public String toString() {
            return execute + " " + arguments;
        }
    }

    private QmpHotplug() {
    }

    /**
     * The commands for a list of options: {@code ["-object", "memory-backend-file,id=m2,…", "-device", "nvdimm,…"]}
     * gives {@code object-add} then {@code device_add}, in order.
     *
     * @throws IllegalArgumentException for an option other than -object and -device, or a malformed value
     */
    public static List<Command> of(List<String> options) {
        List<Command> out = new ArrayList<>();
        for (int i = 0; i < options.size(); i += 2) {
            String option = options.get(i);
            if (i + 1 >= options.size()) {
                throw new IllegalArgumentException(option + " has no value");
            }
            String value = options.get(i + 1);
            out.add(switch (option) {
                case "-object" -> new Command("object-add", arguments("qom-type", value));
                case "-device" -> new Command("device_add", arguments("driver", value));
                default -> throw new IllegalArgumentException("only -object and -device can be hot-added, not "
                        + option);
            });
        }
        return out;
    }

    /** {@code TYPE,key=value,…} with QEMU's {@code ,,} for a literal comma; the first element is {@code firstKey}. */
    static ObjectNode arguments(String firstKey, String value) {
        ObjectNode args = NODES.objectNode();
        List<String> parts = split(value);
        args.put(firstKey, parts.get(0));
        for (String part : parts.subList(1, parts.size())) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + part + "' in '" + value + "' is not key=value");
            }
            String key = part.substring(0, eq);
            String text = part.substring(eq + 1);
            if (NUMBERS.contains(key)) {
                args.put(key, QemuSize.parse(text, 1).orElseThrow(() -> new IllegalArgumentException(
                        key + "=" + text + " is not a number")));
            } else if (BOOLEANS.contains(key)) {
                args.put(key, switch (text) {
                    case "on", "yes", "true", "y" -> true;
                    case "off", "no", "false", "n" -> false;
                    default -> throw new IllegalArgumentException(key + "=" + text + " is not on or off");
                });
            } else {
                args.put(key, text);
            }
        }
        return args;
    }

    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
