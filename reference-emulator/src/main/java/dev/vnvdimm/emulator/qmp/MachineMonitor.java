package dev.vnvdimm.emulator.qmp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vnvdimm.emulator.dimm.MemoryDeviceInfo;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.SystemReset;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The QMP commands of a running reference machine: {@code query-status}, {@code stop}, {@code cont},
 * {@code system_reset}, {@code quit}, {@code query-memory-devices}, {@code query-version}, {@code human-monitor-command}, and the memory
 * hot-plug commands ({@link HotplugCommands}).
 * Migration registers its own commands on the same monitor.
 */
public final class MachineMonitor {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Machine machine;
    private final QmpMonitor qmp;
    private final CountDownLatch quit = new CountDownLatch(1);
    private volatile RunState state;
    private final HumanMonitor hmp;

    public MachineMonitor(Machine machine, QmpMonitor qmp, RunState initial) {
        this.machine = machine;
        this.qmp = qmp;
        this.state = initial;
        if (!initial.running()) {
            machine.vcpu().pause();
        }
        hmp = new HumanMonitor(machine, () -> state);
        HotplugCommands.register(qmp, machine.hotplug());
        qmp.register("query-status", a -> {
            RunState now = state; // once: another thread may change it between the two fields
            return NODES.objectNode().put("status", now.qmpName()).put("singlestep", false)
                    .put("running", now.running());
        });
        qmp.register("stop", a -> {
            if (state == RunState.RUNNING) {
                machine.vcpu().pause();
                setState(RunState.PAUSED);
                qmp.emit("STOP", null);
            }
            return NODES.objectNode();
        });
        qmp.register("cont", a -> {
            if (state == RunState.INMIGRATE) {
                throw QmpError.generic("Migration is not finalized yet");
            }
            if (state != RunState.RUNNING) {
                machine.vcpu().resume();
                setState(RunState.RUNNING);
                qmp.emit("RESUME", null);
            }
            return NODES.objectNode();
        });
        // as in QEMU, the reply comes at once and the reset follows (RESET event) once the guest is between activities
        qmp.register("system_reset", a -> {
            QmpMonitor.afterReply(() -> machine.reset().request(SystemReset.Cause.HOST_QMP_SYSTEM_RESET));
            return NODES.objectNode();
        });
        qmp.register("quit", a -> {
            setState(RunState.SHUTDOWN);
            qmp.emit("SHUTDOWN", NODES.objectNode().put("guest", false).put("reason", "host-qmp-quit"));
            quit.countDown();
            return NODES.objectNode();
        });
        qmp.register("query-memory-devices", a -> queryMemoryDevices(machine.memoryDevices()));
        qmp.register("query-version", a -> qmp.greeting().get("QMP").get("version"));
        qmp.register("human-monitor-command", a -> {
            if (!a.hasNonNull("command-line")) {
                throw QmpError.generic("Parameter 'command-line' is missing");
            }
            return TextNode.valueOf(hmp.execute(a.get("command-line").asText()));
        });
    }

    /**
     * An HMP command line as QMP's {@code human-monitor-command} runs it, for a caller in the same process: what
     * HMP prints ({@code Error: …} for a refused hot-plug, as QEMU prints it).
     *
     * @throws QmpError for a command HMP cannot run at all (unknown, malformed)
     */
    public String humanMonitorCommand(String commandLine) throws QmpError {
        return hmp.execute(commandLine);
    }

    public QmpMonitor qmp() {
        return qmp;
    }

    public Machine machine() {
        return machine;
    }

    public RunState state() {
        return state;
    }

    public void setState(RunState s) {
        state = s;
    }

    /** Blocks until a client sends {@code quit}. */
    public void awaitQuit() throws InterruptedException {
        quit.await();
    }

    /** The {@code query-memory-devices} reply for these devices. */
    public static ArrayNode queryMemoryDevices(List<MemoryDeviceInfo> devices) {
        ArrayNode list = NODES.arrayNode();
        for (MemoryDeviceInfo d : devices) {
            ObjectNode e = list.addObject();
            e.put("type", d.type());
            ObjectNode data = e.putObject("data");
            if (!d.id().isEmpty()) {
                data.put("id", d.id());
            }
            data.put("addr", d.addr()).put("slot", d.slot()).put("node", d.node()).put("size", d.size())
                    .put("memdev", d.memdev()).put("hotplugged", d.hotplugged())
                    .put("hotpluggable", d.hotpluggable());
        }
        return list;
    }
}
