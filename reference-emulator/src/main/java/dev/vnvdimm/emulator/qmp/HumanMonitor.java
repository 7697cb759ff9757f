package dev.vnvdimm.emulator.qmp;

import dev.vnvdimm.emulator.QemuError;
import dev.vnvdimm.emulator.config.QemuOpts;
import dev.vnvdimm.emulator.machine.Machine;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The HMP commands QMP's {@code human-monitor-command} passes through that the kit's checks use, in QEMU's
 * syntax and output format: {@code info memory-devices}, {@code info status}, {@code o /FMT PORT VALUE}
 * (I/O port write), {@code i /FMT PORT} (I/O port read) and {@code xp /NFMT ADDR} (physical memory dump), and
 * the memory hot-plug commands {@code object_add}, {@code device_add}, {@code device_del}, {@code object_del}.
 * With {@code o} and {@code xp} the DSM protocol can be driven from the monitor with no guest, exactly as on real
 * QEMU. A hot-plug command that fails answers {@code Error: <text>} as HMP prints it, not a QMP error.
 */
final class HumanMonitor {
    /** The most guest memory one {@code xp} shows (1 MiB: every DSM page and table the kit dumps fits). */
    static final int MAX_DUMP = 1 << 20;

    private final Machine machine;
    private final Supplier<RunState> state;

    HumanMonitor(Machine machine, Supplier<RunState> state) {
        this.machine = machine;
        this.state = state;
    }

    String execute(String line) throws QmpError {
        String[] w = line.strip().split("\\s+");
        switch (w[0]) {
            case "info":
                if (w.length < 2) {
                    throw QmpError.generic("info: missing sub-command");
                }
                return switch (w[1]) {
                    case "memory-devices" -> machine.infoMemoryDevices();
                    case "status" -> "VM status: " + state.get().qmpName() + "\r\n";
                    default -> throw QmpError.generic("info " + w[1] + ": not supported by the reference emulator");
                };
            case "o":
                return ioWrite(w);
            case "i":
                return ioRead(w);
            case "object_add", "device_add", "object_del", "device_del":
                return hotplug(w[0], line.strip().substring(w[0].length()).strip());
            case "xp":
                return physicalDump(w);
            default:
                throw QmpError.generic("unknown command: '" + w[0] + "'");
        }
    }

    private String hotplug(String command, String argument) {
        try {
            switch (command) {
                case "object_add" -> machine.hotplug().objectAdd(QemuOpts.parse("-object", argument, "qom-type"));
                case "device_add" -> machine.hotplug().deviceAdd(QemuOpts.parse("-device", argument, "driver"));
                case "object_del" -> machine.hotplug().objectDel(argument);
                default -> machine.hotplug().deviceDel(argument);
            }
            return "";
        } catch (QemuError e) {
            return "Error: " + e.getMessage() + "\r\n";
        }
    }

    /** {@code i /FMT PORT}: QEMU prints {@code port<b|w|l>[0xPORT] = 0xVALUE}. */
    private String ioRead(String[] w) throws QmpError {
        int argAt = 1;
        char unit = 'b';
        if (w.length > 1 && w[1].startsWith("/")) {
            unit = w[1].charAt(w[1].length() - 1);
            argAt = 2;
        }
        if (w.length != argAt + 1) {
            throw QmpError.generic("i: usage: i [/fmt] addr");
        }
        int size = switch (unit) {
            case 'b' -> 1;
            case 'h', 'w' -> 2;
            default -> 4;
        };
        char suffix = size == 1 ? 'b' : size == 2 ? 'w' : 'l';
        int port = (int) (parse(w[argAt]) & 0xFFFF);
        long v = machine.ioPorts().read(port, size);
        return String.format(Locale.ROOT, "port%c[0x%04x] = 0x%0" + (2 * size) + "x\r\n", suffix, port, v);
    }

    private String ioWrite(String[] w) throws QmpError {
        int argAt = 1;
        int size = 1;
        if (w.length > 1 && w[1].startsWith("/")) {
            size = unitSize(w[1].charAt(w[1].length() - 1));
            argAt = 2;
        }
        if (w.length != argAt + 2) {
            throw QmpError.generic("o: usage: o [/fmt] addr value");
        }
        machine.ioPorts().write((int) parse(w[argAt]), size, parse(w[argAt + 1]));
        return "";
    }

    /** {@code xp /NFMT ADDR}: N units of the given size, printed as QEMU does (four 32-bit words a line). */
    private String physicalDump(String[] w) throws QmpError {
        if (w.length != 3 || !w[1].startsWith("/")) {
            throw QmpError.generic("xp: usage: xp /fmt addr");
        }
        String fmt = w[1].substring(1);
        int i = 0;
        while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
            i++;
        }
        char unit = fmt.length() > i && "bhwg".indexOf(fmt.charAt(fmt.length() - 1)) >= 0
                ? fmt.charAt(fmt.length() - 1) : 'w';
        int size = unitSize(unit);
        // QEMU prints whatever count it is given; a client asking for gigabytes would exhaust this JVM's heap
        // (and its own thread for minutes), so the reference shows at most MAX_DUMP bytes at once
        String digits = fmt.substring(0, i);
        int count = i == 0 ? 1 : digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if ((long) count * size > MAX_DUMP) {
            throw QmpError.generic("xp: " + digits + " units of " + size + " bytes are more than the " + MAX_DUMP
                    + " bytes the reference dumps at once");
        }
        long addr = parse(w[2]);
        int perLine = 16 / size;
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < count; n++) {
            if (n % perLine == 0) {
                if (n > 0) {
                    sb.append("\r\n");
                }
                sb.append(String.format(Locale.ROOT, "%016x:", addr + (long) n * size));
            }
            long v = machine.memoryMap().readValue(addr + (long) n * size, size);
            sb.append(String.format(Locale.ROOT, " 0x%0" + (2 * size) + "x", v));
        }
        return sb.append("\r\n").toString();
    }

    private static int unitSize(char unit) throws QmpError {
        return switch (unit) {
            case 'b' -> 1;
            case 'h' -> 2;
            case 'w' -> 4;
            case 'g' -> 8;
            default -> throw QmpError.generic("invalid size '" + unit + "'");
        };
    }

    private static long parse(String s) throws QmpError {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw QmpError.generic("invalid number '" + s + "'");
        }
    }
}
