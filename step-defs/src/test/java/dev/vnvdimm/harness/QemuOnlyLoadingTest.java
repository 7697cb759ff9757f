package dev.vnvdimm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A run on QEMU alone loads no class of the reference system, its emulator or its guest (issue 15). LayeringTest says
 * which classes may name them; this shows it at run time: in a class loader of its own over the test classpath,
 * which records every class it defines, the QEMU target is made and asked what a run asks of it up front, and every
 * class of the harness a QEMU run uses (its top, steps, reports, clients, targets, the QEMU target) is loaded and
 * initialised — which also verifies their bytecode, loading the classes their methods' types need.
 */
class QemuOnlyLoadingTest {
    /** The harness's packages a QEMU run uses, as folders under the classes folder; all but {@code reference}. */
    private static final List<String> QEMU_SIDE = List.of("dev/vnvdimm/harness", "dev/vnvdimm/harness/model",
            "dev/vnvdimm/harness/steps", "dev/vnvdimm/harness/report", "dev/vnvdimm/harness/wire",
            "dev/vnvdimm/harness/targets", "dev/vnvdimm/harness/targets/qemu");

    @Test
    void theQemuTargetAndTheHarnessAroundItLoadNoReferenceSystemEmulatorOrGuestClass() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(classpath())) {
            ((Runnable) loader.loadClass(QemuOnlyWiring.class.getName()).getDeclaredConstructor().newInstance()).run();
            for (String name : qemuSideClasses()) {
                Class.forName(name, true, loader);
            }
            assertThat(loader.defined).as("classes the child loader defined")
                    .contains(Targets.class.getName(), "dev.vnvdimm.harness.targets.qemu.QemuTarget",
                            "dev.vnvdimm.harness.steps.ScenarioWorld", "dev.vnvdimm.harness.wire.ConsoleClient")
                    .noneMatch(n -> n.startsWith("dev.vnvdimm.emulator.") || n.startsWith("dev.vnvdimm.guest.")
                            || n.startsWith("dev.vnvdimm.system.")
                            || n.startsWith("dev.vnvdimm.harness.targets.reference."));
        }
    }

    /** The child loader works: the reference target, loaded the same way, does bring the emulator in. */
    @Test
    void theReferenceTargetLoadedTheSameWayLoadsTheEmulator() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(classpath())) {
            Class.forName("dev.vnvdimm.harness.targets.reference.ReferenceTarget", true, loader)
                    .getDeclaredConstructor().newInstance();
            Class.forName("dev.vnvdimm.harness.targets.reference.ReferenceMachine", true, loader);
            assertThat(loader.defined).anyMatch(n -> n.startsWith("dev.vnvdimm.emulator."));
        }
    }

    /** Every class of the packages a QEMU run uses, by name, from step-defs' main classes folder. */
    private static List<String> qemuSideClasses() throws IOException, URISyntaxException {
        Path classes = Path.of(Targets.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        for (String pkg : QEMU_SIDE) {
            try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
                files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class"))
                        .filter(f -> !f.equals("package-info.class"))
                        .forEach(f -> names.add(pkg.replace('/', '.') + "." + f.substring(0, f.length() - 6)));
            }
        }
        assertThat(names).hasSizeGreaterThan(40);
        return names;
    }

    /** The test classpath as surefire gives it (its own property when it runs from a manifest-only jar). */
    private static URL[] classpath() throws MalformedURLException {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    /**
     * Loads the classpath's classes itself, not through the application loader (its parent is the platform loader,
     * which holds only the JDK), and records the name of every class it defines.
     */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> defined = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super("qemu-only", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> c = super.findClass(name);
            defined.add(name);
            return c;
        }
    }
}
