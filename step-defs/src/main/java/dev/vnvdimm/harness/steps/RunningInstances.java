package dev.vnvdimm.harness.steps;

import dev.vnvdimm.harness.targets.HypervisorInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
    private final Map<String, HypervisorInstance> byName = new LinkedHashMap<>();
    private final List<HypervisorInstance> all = new ArrayList<>();
    private final Map<String, Integer> ports = new HashMap<>();

    public void put(HypervisorInstance instance) {
        byName.put(instance.name(), instance);
        all.add(instance);
    }

    public HypervisorInstance get(String name) {
        HypervisorInstance i = byName.get(name);
        if (i == null) {
            throw new IllegalStateException("no " + name + " machine was started in this scenario");
        }
        return i;
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
