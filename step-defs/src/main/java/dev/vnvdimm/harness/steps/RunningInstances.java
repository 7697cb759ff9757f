package dev.vnvdimm.harness.steps;

import dev.vnvdimm.harness.model.CommandResult;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The long-running hypervisors of one scenario by name ("source", "destination"), and the free TCP ports its
 * command lines ask for with {@code {port}} and {@code {port2}}. Everything started is ended afterwards.
 */
public final class RunningInstances {
    /** How long a hypervisor whose guest console broke may take to be seen exiting. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(3);

    private final Map<String, HypervisorInstance> byName = new LinkedHashMap<>();
    private final List<HypervisorInstance> all = new ArrayList<>();
    private final Map<String, Integer> ports = new HashMap<>();

    private final Map<String, String> commandLines = new HashMap<>();

    /** A started instance, by its own name, and the scenario's command line it was started with (expanded). */
    public void put(HypervisorInstance instance, String commandLine) {
        put(instance.name(), instance, commandLine);
    }

    /**
     * A started instance under the scenario's name for the machine it now is (a machine restored or migrated into
     * a new instance keeps its name), with the scenario's command line it was started with.
     */
    public void put(String name, HypervisorInstance instance, String commandLine) {
        byName.put(name, instance);
        commandLines.put(name, commandLine);
        if (!all.contains(instance)) {
            all.add(instance);
        }
    }

    /** The scenario's command line the named machine was started with, expanded, without the harness's options. */
    public String commandLine(String name) {
        get(name);
        return commandLines.get(name);
    }

    public HypervisorInstance get(String name) {
        HypervisorInstance i = byName.get(name);
        if (i == null) {
            throw new IllegalStateException("no " + name + " machine was started in this scenario");
        }
        return i;
    }

    /**
     * One command on a machine's guest console. A console that breaks is most often its hypervisor ending, so
     * the error says whether it did and its last words; the console's end can come before the process's, so the
     * process gets {@link #EXIT_GRACE} to be seen exiting.
     */
    public CommandResult run(String name, String commandLine, Duration timeout) {
        HypervisorInstance instance = get(name);
        try {
            return instance.console().run(commandLine, timeout);
        } catch (IOException e) {
            long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
            while (instance.exitStatus().isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            String hypervisor = instance.exitStatus().map(status -> "; the " + name + " hypervisor exited with "
                    + status + ", its error output: " + instance.errorOutput().strip())
                    .orElse("; the " + name + " hypervisor is still running");
            throw new UncheckedIOException(new IOException(e.getMessage() + hypervisor, e));
        }
    }

    /** Replaces {@code {port}}, {@code {port2}} with free loopback ports, the same for the whole scenario. */
    public String expandPorts(String text) {
        String out = text;
        for (String placeholder : List.of("{port2}", "{port}")) {
            if (out.contains(placeholder)) {
                int port = ports.computeIfAbsent(placeholder, p -> freePort());
                out = out.replace(placeholder, String.valueOf(port));
            }
        }
        return out;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void closeAll() {
        for (HypervisorInstance i : all) {
            i.close();
        }
        all.clear();
        byName.clear();
    }
}
