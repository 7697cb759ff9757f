package dev.vnvdimm.emulator.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The machine's QMP commands while the machine changes under them. */
@Timeout(60)
class MachineMonitorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Machine machine = new MachineFactory(Progress.NONE).build(MachineConfig.parse(
            CommandLineTokenizer.split("-machine pc -m 128M")));

    @AfterEach
    void powerOff() {
        machine.close();
    }

    /**
     * {@code query-status} while the run state changes (a migration completing, {@code stop} or {@code cont} on
     * another connection): {@code status} and {@code running} describe one state, as in QEMU. Found under load
     * (DsmUnderLoadTest): {@code {"status":"running","running":false}} when the state was read once per field.
     */
    @Test
    void queryStatusDescribesOneRunStateWhileTheStateChanges() throws Exception {
        MachineMonitor monitor = new MachineMonitor(machine, new QmpMonitor("7.2.0"), RunState.RUNNING);
        AtomicReference<String> reply = new AtomicReference<>();
        QmpMonitor.Session session = monitor.qmp().open(reply::set);
        session.handle(JSON.readTree("{\"execute\":\"qmp_capabilities\"}"));
        JsonNode query = JSON.readTree("{\"execute\":\"query-status\"}");
        Thread changes = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                monitor.setState(RunState.POSTMIGRATE);
                monitor.setState(RunState.RUNNING);
            }
        });
        changes.setDaemon(true);
        changes.start();
        TreeMap<String, Integer> seen = new TreeMap<>();
        List<String> torn = new ArrayList<>();
        try {
            for (int i = 0; i < 50_000 && torn.size() < 5; i++) {
                session.handle(query);
                JsonNode r = JSON.readTree(reply.get()).get("return");
                String status = r.get("status").asText();
                seen.merge(status, 1, Integer::sum);
                if (r.get("running").asBoolean() != status.equals("running")) {
                    torn.add(r.toString());
                }
            }
        } finally {
            changes.interrupt();
            changes.join();
        }
        assertThat(seen).as("both states were reported: the state did change under the queries")
                .containsKeys("running", "postmigrate");
        assertThat(torn).isEmpty();
    }
}
