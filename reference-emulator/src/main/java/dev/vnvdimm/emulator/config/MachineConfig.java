package dev.vnvdimm.emulator.config;

import dev.vnvdimm.emulator.QemuError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A machine as a QEMU command line describes it, split into its options but not yet built:
 * {@code -machine}, {@code -m}, {@code -smp}, {@code -object}, {@code -numa} and {@code -device}.
 * Options whose meaning belongs to the running emulator (monitor, serial, incoming) are kept as
 * {@link #runtimeOptions()} for the layers that understand them.
 */
public final class MachineConfig {
    /** QEMU's default RAM size when {@code -m} is absent. */
    public static final long DEFAULT_RAM = 128L << 20;

    private final List<String> arguments;
    private QemuOpts machine = QemuOpts.parse("-machine", "pc", "type");
    private QemuOpts memory = QemuOpts.parse("-m", "128M", "size");
    private QemuOpts smp = QemuOpts.parse("-smp", "1", "cpus");
    private final List<QemuOpts> objects = new ArrayList<>();
    private final List<QemuOpts> numa = new ArrayList<>();
    private final List<QemuOpts> devices = new ArrayList<>();
    private final List<RuntimeOption> runtimeOptions = new ArrayList<>();

    /** An option with no machine meaning of its own, such as {@code -qmp unix:...}. */
    public record RuntimeOption(String name, Optional<String> value) {
    }

    /** Options that take no argument and shape how the emulator runs, not what it builds. */
    private static final List<String> RUNTIME_FLAGS = List.of("-S", "-nographic", "-no-reboot", "-nodefaults");
    /** Options that take one argument and shape how the emulator runs. */
    private static final List<String> RUNTIME_WITH_ARG = List.of("-qmp", "-serial", "-incoming", "-display",
            "-accel", "-name", "-chardev", "-monitor");

    private MachineConfig(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    /** Reads QEMU options; unknown options are errors that name them ({@code -foo: invalid option}). */
    public static MachineConfig parse(List<String> args) {
        MachineConfig c = new MachineConfig(args);
        QemuOpts machineMerged = null;
        for (int i = 0; i < args.size(); i++) {
            String opt = args.get(i);
            String name = opt.startsWith("--") ? opt.substring(1) : opt;
            if (RUNTIME_FLAGS.contains(name)) {
                c.runtimeOptions.add(new RuntimeOption(name, Optional.empty()));
                continue;
            }
            if (!name.startsWith("-")) {
                throw new QemuError(opt + ": invalid option");
            }
            boolean known = switch (name) {
                case "-machine", "-M", "-m", "-smp", "-object", "-numa", "-device" -> true;
                default -> RUNTIME_WITH_ARG.contains(name);
            };
            if (!known) {
                throw new QemuError(opt + ": invalid option");
            }
            if (i + 1 >= args.size()) {
                throw new QemuError(opt + ": requires an argument");
            }
            String value = args.get(++i);
            switch (name) {
                case "-machine", "-M" -> {
                    // Several -machine options merge, later properties winning, as in QEMU.
                    QemuOpts parsed = QemuOpts.parse("-machine", value, "type");
                    machineMerged = machineMerged == null ? parsed : merge(machineMerged, parsed);
                }
                case "-m" -> c.memory = QemuOpts.parse("-m", value, "size");
                case "-smp" -> c.smp = QemuOpts.parse("-smp", value, "cpus");
                case "-object" -> c.objects.add(QemuOpts.parse("-object", value, "qom-type"));
                case "-numa" -> c.numa.add(QemuOpts.parse("-numa", value, "type"));
                case "-device" -> c.devices.add(QemuOpts.parse("-device", value, "driver"));
                default -> c.runtimeOptions.add(new RuntimeOption(name, Optional.of(value)));
            }
        }
        if (machineMerged != null) {
            c.machine = machineMerged;
        }
        return c;
    }

    private static QemuOpts merge(QemuOpts a, QemuOpts b) {
        String text = a.text() + "," + b.text();
        if (b.has("type") && !b.text().contains("type=")) {
            // a bare type in the later option replaces the earlier one
            String rest = a.text().contains(",") ? a.text().substring(a.text().indexOf(',') + 1) : "";
            text = b.text() + (rest.isEmpty() ? "" : "," + rest);
        }
        return QemuOpts.parse("-machine", text, "type");
    }

    public List<String> arguments() {
        return arguments;
    }

    public QemuOpts machine() {
        return machine;
    }

    public QemuOpts memory() {
        return memory;
    }

    public QemuOpts smp() {
        return smp;
    }

    public List<QemuOpts> objects() {
        return objects;
    }

    public List<QemuOpts> numa() {
        return numa;
    }

    public List<QemuOpts> devices() {
        return devices;
    }

    public List<RuntimeOption> runtimeOptions() {
        return runtimeOptions;
    }

    public Optional<String> runtimeOption(String name) {
        return runtimeOptions.stream().filter(o -> o.name().equals(name)).map(o -> o.value().orElse(""))
                .reduce((first, second) -> second);
    }
}
