package dev.vnvdimm.emulator.config;

import dev.vnvdimm.abi.qemu.QemuSize;
import dev.vnvdimm.emulator.QemuError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One command-line option's argument in QEMU's {@code key=value,key=value} syntax (util/qemu-option.c):
 * {@code ,,} stands for a literal comma, a bare first element is the option's implied key
 * ({@code -device nvdimm,...} → {@code driver=nvdimm}), and a bare {@code key} means {@code key=on}.
 * Reads are tracked so that whatever nobody asked for can be reported as unknown.
 */
public final class QemuOpts {
    private final String option;
    private final String text;
    private final Map<String, String> values;
    private final Set<String> consumed = new LinkedHashSet<>();

    private QemuOpts(String option, String text, Map<String, String> values) {
        this.option = option;
        this.text = text;
        this.values = values;
    }

    /**
     * @param option     the option name with its dash ({@code -device})
     * @param impliedKey the key a bare first element stands for, or null if there is none
     */
    public static QemuOpts parse(String option, String text, String impliedKey) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> parts = split(text);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            int eq = part.indexOf('=');
            if (eq < 0) {
                if (i == 0 && impliedKey != null) {
                    values.put(impliedKey, part);
                } else if (part.isEmpty()) {
                    continue;
                } else {
                    values.put(part, "on");
                }
            } else {
                String key = part.substring(0, eq);
                if (key.isEmpty()) {
                    throw new QemuError(option + " " + text, "Invalid parameter ''");
                }
                values.put(key, part.substring(eq + 1));
            }
        }
        return new QemuOpts(option, text, values);
    }

    /**
     * Options given key by key rather than as text (QMP's JSON arguments): the same reads and checks, and a
     * {@link #location()} written as the command line would have it.
     */
    public static QemuOpts of(String option, Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(e.getKey()).append('=').append(e.getValue().replace(",", ",,"));
        }
        return new QemuOpts(option, text.toString(), new LinkedHashMap<>(values));
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',') {
                if (i + 1 < text.length() && text.charAt(i + 1) == ',') {
                    cur.append(',');
                    i++;
                } else {
                    parts.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    /** How QEMU names this option in an error: {@code -device nvdimm,id=nv1,...}. */
    public String location() {
        return option + " " + text;
    }

    public String option() {
        return option;
    }

    public String text() {
        return text;
    }

    /** The keys in command-line order (the implied key first when present). */
    public List<String> keys() {
        return List.copyOf(values.keySet());
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Optional<String> get(String key) {
        consumed.add(key);
        return Optional.ofNullable(values.get(key));
    }

    /** QEMU's identifiers (util/id.c {@code id_wellformed}): a letter, then letters, digits, '-', '.' or '_'. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

    /** The {@code id}, if given; QEMU refuses one that is not an identifier before it reads anything else. */
    public Optional<String> id() {
        Optional<String> id = get("id");
        if (id.isPresent() && !IDENTIFIER.matcher(id.get()).matches()) {
            throw error("Parameter 'id' expects an identifier");
        }
        return id;
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> error("Parameter '" + key + "' is missing"));
    }

    /** A size property; {@code defaultUnit} applies to a number without suffix. */
    public OptionalLong size(String key, long defaultUnit) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong parsed = QemuSize.parse(v.get(), defaultUnit);
        if (parsed.isEmpty()) {
            // QEMU 7.2 words it per parser: qdev properties (-device), the QAPI visitor (-object), QemuOpts (-m)
            throw error(switch (option) {
                case "-device" -> "Parameter '" + key + "' expects size";
                case "-object" -> "Parameter '" + key + "' expects a size value";
                default -> "Parameter '" + key + "' expects a non-negative number below 2^64\n"
                        + "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                        + "and exabytes, respectively.";
            });
        }
        return parsed;
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        switch (v.get()) {
            case "on": case "yes": case "true": case "y":
                return true;
            case "off": case "no": case "false": case "n":
                return false;
            default:
                throw error("Parameter '" + key + "' expects 'on' or 'off'");
        }
    }

    /** An integer property of the given QAPI type name (int32, uint32, uint64) within [min, max]. */
    public Optional<Long> integer(String key, String typeName, long min, long max) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get().trim();
        try {
            long n = s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseLong(s);
            if (n < min || (max >= 0 && n > max) || (max < 0 && Long.compareUnsigned(n, max) > 0)) {
                throw error("Parameter '" + key + "' expects " + typeName);
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw error("Parameter '" + key + "' expects " + typeName);
        }
    }

    /** Keys given on the command line that nobody read, in command-line order. */
    public List<String> unread() {
        List<String> out = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!consumed.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /** Fails on the first key nobody read, with QEMU's text for an unknown property of {@code typeName}. */
    public void rejectUnknown(String typeName) {
        List<String> unknown = unread();
        if (!unknown.isEmpty()) {
            throw error("Property '" + typeName + "." + unknown.get(0) + "' not found");
        }
    }

    public QemuError error(String message) {
        return new QemuError(location(), message);
    }

    @Override
    public String toString() {
        return location();
    }
}
