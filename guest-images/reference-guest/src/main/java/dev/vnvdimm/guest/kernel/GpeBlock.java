package dev.vnvdimm.guest.kernel;

import dev.vnvdimm.abi.acpi.AcpiTableWalker;
import dev.vnvdimm.abi.acpi.Fadt;
import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.aml.runtime.ObjectType;
import dev.vnvdimm.guest.platform.Platform;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The FADT's GPE0 block as ACPICA drives it (ACPI 6.5 §4.8.4.1; Linux drivers/acpi/acpica/evgpeblk.c, evgpe.c):
 * {@code GPE0_BLK_LEN / 2} status bytes, then as many enable bytes, 8 general-purpose events a byte; status bits
 * are write-1-to-clear. Each GPE with a {@code \_GPE._Exx} (edge) or {@code _Lxx} (level) method is enabled at
 * boot; {@link #dispatchPending()} is the SCI handler's work: run the method of every GPE both pending and
 * enabled. Not thread-safe: the caller serialises boot and SCIs.
 */
public final class GpeBlock {
    private static final int GPES_PER_REGISTER = 8;

    private final Platform platform;
    private final AmlInterpreter aml;
    private final KernelLog log;
    private final int statusPort;
    private final int enablePort;
    private final int registers;
    /** GPE number → its {@code _Exx}/{@code _Lxx} method. */
    private final Map<Integer, NamespaceNode> methods;

    private GpeBlock(Platform platform, AmlInterpreter aml, KernelLog log, int port, int registers,
                     Map<Integer, NamespaceNode> methods) {
        this.platform = platform;
        this.aml = aml;
        this.log = log;
        this.statusPort = port;
        this.enablePort = port + registers;
        this.registers = registers;
        this.methods = methods;
    }

    /**
     * The FADT's GPE0 block and the {@code \_GPE} methods for its events; empty when there is no FADT or it
     * publishes no GPE0 block (ACPICA then creates no block either).
     */
    public static Optional<GpeBlock> find(AcpiTableWalker.Walk tables, Platform platform, AmlInterpreter aml,
                                          KernelLog log) {
        Optional<AcpiTableWalker.FoundTable> fadt = tables.table(Fadt.SIGNATURE);
        if (fadt.isEmpty() || fadt.get().bytes().length <= Fadt.GPE0_BLK_LEN) {
            return Optional.empty();
        }
        byte[] t = fadt.get().bytes();
        long address = (t[Fadt.GPE0_BLK] & 0xFFL) | (t[Fadt.GPE0_BLK + 1] & 0xFFL) << 8
                | (t[Fadt.GPE0_BLK + 2] & 0xFFL) << 16 | (t[Fadt.GPE0_BLK + 3] & 0xFFL) << 24;
        int registers = (t[Fadt.GPE0_BLK_LEN] & 0xFF) / 2;
        if (address == 0 || address > 0xFFFF || registers == 0) {
            return Optional.empty();
        }
        return Optional.of(new GpeBlock(platform, aml, log, (int) address, registers,
                methods(aml, registers * GPES_PER_REGISTER)));
    }

    /** {@code _Exx}/{@code _Lxx} methods under {@code \_GPE} whose number falls in this block. */
    private static Map<Integer, NamespaceNode> methods(AmlInterpreter aml, int gpeCount) {
        Map<Integer, NamespaceNode> found = new TreeMap<>();
        NamespaceNode gpe = aml.namespace().find("\\_GPE");
        if (gpe == null) {
            return found;
        }
        for (NamespaceNode child : gpe.children()) {
            String name = child.name();
            if (child.type() != ObjectType.METHOD || name.length() != 4 || name.charAt(0) != '_'
                    || (name.charAt(1) != 'E' && name.charAt(1) != 'L')) {
                continue;
            }
            int number;
            try {
                number = Integer.parseInt(name.substring(2), 16);
            } catch (NumberFormatException e) {
                continue; // not a GPE method name, e.g. _EJ0
            }
            if (number < gpeCount) {
                found.putIfAbsent(number, child);
            }
        }
        return found;
    }

    /**
     * Boot's setup, as ACPICA does it: disable every GPE and clear every status bit the firmware left, then
     * enable each GPE that has a method and say how many.
     */
    public void initialize() {
        for (int i = 0; i < registers; i++) {
            platform.writeIo(enablePort + i, 1, 0);
            platform.writeIo(statusPort + i, 1, 0xFF);
        }
        enableMethodGpes();
        if (!methods.isEmpty()) {
            log.info("ACPI", String.format("Enabled %d GPEs in block %02X to %02X", methods.size(), 0,
                    registers * GPES_PER_REGISTER - 1));
        }
    }

    /**
     * A migrated guest's setup: the source already enabled its GPEs and a pending event must survive, so only
     * the method GPEs' enable bits are set again, and no status is cleared.
     */
    public void resume() {
        enableMethodGpes();
    }

    private void enableMethodGpes() {
        for (int gpe : methods.keySet()) {
            setEnabled(gpe, true);
        }
    }

    /**
     * The SCI's work (ACPICA's acpi_ev_gpe_detect and acpi_ev_gpe_dispatch): for each GPE both pending and
     * enabled, disable it while it is handled; an edge GPE's status is cleared before its method runs, a
     * level GPE's after; then it is enabled again. A GPE without a method stays disabled.
     *
     * @return how many GPEs were dispatched (0 for a spurious interrupt)
     */
    public int dispatchPending() {
        int dispatched = 0;
        for (int i = 0; i < registers; i++) {
            int pending = (int) (platform.readIo(statusPort + i, 1) & platform.readIo(enablePort + i, 1)) & 0xFF;
            for (int bit = 0; bit < GPES_PER_REGISTER; bit++) {
                if ((pending & 1 << bit) != 0) {
                    dispatch(i * GPES_PER_REGISTER + bit);
                    dispatched++;
                }
            }
        }
        return dispatched;
    }

    private void dispatch(int gpe) {
        setEnabled(gpe, false);
        NamespaceNode method = methods.get(gpe);
        boolean level = method != null && method.name().charAt(1) == 'L';
        if (!level) {
            clearStatus(gpe);
        }
        if (method == null) {
            log.warn("ACPI Error", String.format("No handler or method for GPE %02X, disabling event", gpe));
            return;
        }
        try {
            aml.evaluate(method);
        } catch (AmlException e) {
            log.warn("ACPI Error", e.status() + ", while evaluating GPE method [" + method.name() + "]");
        }
        if (level) {
            clearStatus(gpe);
        }
        setEnabled(gpe, true);
    }

    private void clearStatus(int gpe) {
        platform.writeIo(statusPort + gpe / GPES_PER_REGISTER, 1, 1L << gpe % GPES_PER_REGISTER);
    }

    private void setEnabled(int gpe, boolean on) {
        int port = enablePort + gpe / GPES_PER_REGISTER;
        long bit = 1L << gpe % GPES_PER_REGISTER;
        long mask = platform.readIo(port, 1);
        platform.writeIo(port, 1, on ? mask | bit : mask & ~bit);
    }

    /** The GPE numbers with a method, in order (the ones enabled at boot). */
    public Set<Integer> methodGpes() {
        return methods.keySet();
    }
}
