package dev.vnvdimm.harness.fakes;

import dev.vnvdimm.harness.targets.BootOutcome;
import dev.vnvdimm.harness.targets.Capabilities;
import dev.vnvdimm.harness.targets.HypervisorInstance;
import dev.vnvdimm.harness.targets.KnownDefect;
import dev.vnvdimm.harness.targets.reference.ReferenceTarget;
import dev.vnvdimm.harness.targets.Target;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import dev.vnvdimm.harness.wire.ConsoleClient;
import dev.vnvdimm.harness.wire.QmpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A made-up hypervisor for tests of the verdicts: the reference emulator, declaring QEMU's known defects and
 * lacking the reference's own words, with one behaviour changed by a subclass.
 */
public abstract class ReferenceWithQemuDefects implements Target {
    private final ReferenceTarget reference = new ReferenceTarget();

    @Override
    public String name() {
        return getClass().getSimpleName();
    }

    @Override
    public Set<String> capabilities() {
        return reference.capabilities().stream().filter(c -> !c.equals(Capabilities.KIT_WORDS)
                && !c.equals(Capabilities.REFUSAL_REMOVES_CREATED_FILE)).collect(Collectors.toSet());
    }

    @Override
    public Map<String, KnownDefect> knownDefects() {
        return QemuTarget.everyVersion();
    }

    @Override
    public BootOutcome start(List<String> qemuOptions) {
        return reference.start(qemuOptions);
    }

    @Override
    public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir) {
        return reference.launch(name, qemuOptions, dir);
    }

    /** An instance that behaves as {@code inner} but for what a subclass overrides. */
    public static class Wrapped implements HypervisorInstance {
        private final HypervisorInstance inner;

        public Wrapped(HypervisorInstance inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public String commandLine() {
            return inner.commandLine();
        }

        @Override
        public QmpClient qmp() {
            return inner.qmp();
        }

        @Override
        public ConsoleClient console() {
            return inner.console();
        }

        @Override
        public String errorOutput() {
            return inner.errorOutput();
        }

        @Override
        public Optional<Integer> exitStatus() {
            return inner.exitStatus();
        }

        @Override
        public void kill() {
            inner.kill();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** Fixed: it refuses a destination with another label-size, in words of its own. */
    public static final class RefusesInItsOwnWords extends ReferenceWithQemuDefects {
        @Override
        public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir) {
            return new Wrapped(super.launch(name, qemuOptions, dir)) {
                @Override
                public String errorOutput() {
                    return super.errorOutput().lines().map(l -> l.contains("load of migration failed")
                            ? "qemu-system-x86_64: nvdimm nv1: incoming label area of 128 KiB, 256 KiB configured\n"
                                    + "qemu-system-x86_64: load of migration failed: Invalid argument" : l)
                            .collect(Collectors.joining("\n"));
                }
            };
        }
    }

    /** Wrong in a new way: it takes the migration whatever label-size the destination was given, labels intact. */
    public static final class AcceptsIntact extends ReferenceWithQemuDefects {
        @Override
        public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir) {
            return super.launch(name, qemuOptions.stream().map(o -> o.replace("label-size=256K", "label-size=128K"))
                    .toList(), dir);
        }
    }

    /** Wrong in a new way: starting a destination kills the source. */
    public static final class KillsTheSource extends ReferenceWithQemuDefects {
        private HypervisorInstance source;

        @Override
        public HypervisorInstance launch(String name, List<String> qemuOptions, Path dir) {
            HypervisorInstance i = super.launch(name, qemuOptions, dir);
            if (name.equals("source")) {
                source = i;
            } else if (source != null) {
                source.kill();
            }
            return i;
        }
    }
}
