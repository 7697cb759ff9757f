package dev.vnvdimm.guest.ndctl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ndctl's option syntax (git-style parse-options): short flags that may be bundled ({@code -DNRi}), short
 * options with a value ({@code -r region0}, {@code -rregion0}), long options ({@code --region=region0},
 * {@code --region region0}), and positional arguments; plus what ndctl's commands share in reading them, its
 * size syntax and its device filters.
 */
final class CommandLineOptions {
    /** One option: its short letter (or 0), long name, and whether it takes a value. */
    record Spec(char shortName, String longName, boolean takesValue) {
    }

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    static CommandLineOptions parse(List<String> args, List<Spec> specs) {
        CommandLineOptions o = new CommandLineOptions();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                Spec s = byLong(specs, name);
                if (s.takesValue()) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("option `" + name + "' requires a value");
                        }
                        value = args.get(++i);
                    }
                    o.values.put(s.longName(), value);
                } else {
                    o.setFlag(s.longName());
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int k = 1; k < a.length(); k++) {
                    Spec s = byShort(specs, a.charAt(k));
                    if (s.takesValue()) {
                        String value = a.substring(k + 1);
                        if (value.isEmpty()) {
                            if (i + 1 >= args.size()) {
                                throw new UsageException("switch `" + s.shortName() + "' requires a value");
                            }
                            value = args.get(++i);
                        }
                        o.values.put(s.longName(), value);
                        break;
                    }
                    o.setFlag(s.longName());
                }
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    private static Spec byLong(List<Spec> specs, String name) {
        return specs.stream().filter(s -> s.longName().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("unknown option `" + name + "'"));
    }

    private static Spec byShort(List<Spec> specs, char c) {
        return specs.stream().filter(s -> s.shortName() == c).findFirst()
                .orElseThrow(() -> new UsageException("unknown switch `" + c + "'"));
    }

    private void setFlag(String longName) {
        flags.add(longName);
        counts.merge(longName, 1, Integer::sum);
    }

    /** How often a flag was given: ndctl's {@code -vv} is verbosity 2. */
    int count(String longName) {
        return counts.getOrDefault(longName, 0);
    }

    boolean flag(String longName) {
        return flags.contains(longName);
    }

    Optional<String> value(String longName) {
        return Optional.ofNullable(values.get(longName));
    }

    List<String> positional() {
        return positional;
    }

    /** Whether a device filter option ({@code --region}, {@code --dimm}, ...) lets {@code dev} through. */
    boolean selects(String longName, String dev) {
        Optional<String> filter = value(longName);
        return filter.isEmpty() || filter.get().equals("all") || filter.get().equals(dev);
    }

    /** ndctl's sizes: a number with an optional K, M, G or T suffix (binary multiples). */
    static long parseSize(String s) {
        String t = s.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        int idx = "KMGT".indexOf(last);
        if (idx >= 0) {
            unit = 1L << (10 * (idx + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            return (t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t)) * unit;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid size '" + s + "'");
        }
    }

    /** A usage error: ndctl prints "error: ..." and the usage, and exits 129. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient String usage;

        UsageException(String message) {
            this(message, null);
        }

        /** With the command's own usage text, which ndctl prints after the error instead of its general one. */
        UsageException(String message, String usage) {
            super(message);
            this.usage = usage;
        }

        java.util.Optional<String> usage() {
            return java.util.Optional.ofNullable(usage);
        }
    }
}
