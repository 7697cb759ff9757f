package dev.vnvdimm.guest.aml;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlFormatter;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlMethod;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.aml.runtime.AmlPackage;
import dev.vnvdimm.guest.aml.runtime.AmlString;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Any bytes as a definition block, loaded and run by the reference guest's AML interpreter: nothing escapes but the
 * interpreter's own {@link AmlException} — no other exception, no stack overflow from nesting (it must be an AML
 * error), no out-of-memory from a crafted length (a Buffer, Package or string too large must be refused), and no
 * run past the runaway-While guard ({@link FuzzAmlPlatform}'s clock makes that guard fire after a bounded number of
 * iterations). After the load, whether it succeeded or not, every object in the namespace is evaluated (up to
 * {@link #MAX_EVALUATIONS}): each method with arguments for its argument count — {@code _DSM} as Linux calls it
 * for label functions 0, 4 and 5 — and each other object read for its value.
 *
 * <p>An input that starts with a DSDT or SSDT header is a whole table: its length and checksum are set right, so
 * that mutations of real tables reach the interpreter, and the input as it is is loaded too (the header checks). Any
 * other input is the AML of a DSDT whose header the test writes. Regression inputs in
 * {@code AmlTableFuzzTestInputs/anyTable/}: seeds are the kit's SSDT (1 and 4 slots) and DSDT as the reference
 * emulator builds them, QEMU 7.2's pc and q35 DSDT and NVDIMM SSDT, and the compiled ASL suite.
 *
 * <p>Wait and Acquire wait in real time, as long as the AML asks (0xFFFF: forever, as in ACPICA); nothing else
 * signals here, so after {@link #WATCHDOG} on one input the fuzzing thread is interrupted, which the interpreter
 * takes as a timeout. Work without a loop is bounded by the machine's {@link FuzzAmlPlatform#ACCESS_BUDGET}.
 */
class AmlTableFuzzTest {
    static final int MAX_EVALUATIONS = 64;
    static final Duration LOOP_TIMEOUT = Duration.ofMillis(16);
    static final Duration WATCHDOG = Duration.ofMillis(50);
    private static final AmlOptions OPTIONS = AmlOptions.defaults().withLoopTimeout(LOOP_TIMEOUT);
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aml-fuzz-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final String LABEL_DSM_UUID = QemuSsdtTest.DEVICE_UUID;
    @FuzzTest(maxDuration = "30s")
    void anyTable(byte[] input) {
        byte[] table = definitionBlock(input);
        Watchdog watchdog = new Watchdog();
        try {
            AmlInterpreter interp = new AmlInterpreter(new FuzzAmlPlatform(), OPTIONS);
            refusedOrDone(() -> interp.load(table));
            evaluateEverything(interp);
            if (!Arrays.equals(table, input)) {
                refusedOrDone(() -> new AmlInterpreter(new FuzzAmlPlatform(), OPTIONS).load(input));
            }
        } finally {
            watchdog.close();
        }
    }

    /** The input as a table with a right length and checksum, or the input as the AML of a DSDT. */
    static byte[] definitionBlock(byte[] input) {
        String signature = input.length >= AcpiTableHeader.SIZE
                ? new String(input, 0, 4, StandardCharsets.ISO_8859_1) : "";
        if (signature.equals("DSDT") || signature.equals("SSDT")) {
            byte[] t = input.clone();
            int n = t.length;
            for (int i = 0; i < 4; i++) {
                t[AcpiTableHeader.LENGTH + i] = (byte) (n >>> (8 * i));
            }
            AcpiTableHeader.fixChecksum(t, AcpiTableHeader.CHECKSUM, 0, n);
            return t;
        }
        byte[] t = new byte[AcpiTableHeader.SIZE + input.length];
        System.arraycopy(input, 0, t, AcpiTableHeader.SIZE, input.length);
        return AcpiTableHeader.qemu("DSDT", 2).seal(t);
    }

    private static void evaluateEverything(AmlInterpreter interp) {
        List<NamespaceNode> nodes = new ArrayList<>();
        interp.namespace().walk(interp.namespace().root(), nodes::add);
        int done = 0;
        for (NamespaceNode node : nodes) {
            for (AmlObject[] args : argumentsFor(node)) {
                if (done++ >= MAX_EVALUATIONS) {
                    return;
                }
                refusedOrDone(() -> AmlFormatter.format(interp.evaluate(node, args)));
            }
        }
    }

    /** The calls made on a node: a method's arguments for its argument count, none for any other object. */
    private static List<AmlObject[]> argumentsFor(NamespaceNode node) {
        if (!(node.object() instanceof AmlMethod m)) {
            return Collections.singletonList(new AmlObject[0]);
        }
        if (node.name().equals("_DSM") && m.argCount() == 4) {
            List<AmlObject[]> calls = new ArrayList<>();
            for (int function : new int[] {0, 4, 5}) {
                AmlBuffer range = new AmlBuffer(new byte[] {0, 0, 0, 0, 16, 0, 0, 0}); // offset 0, 16 bytes
                calls.add(new AmlObject[] {QemuSsdtTest.uuid(LABEL_DSM_UUID), AmlInteger.of(1),
                        AmlInteger.of(function), new AmlPackage(List.of(range))});
            }
            return calls;
        }
        AmlObject[] args = new AmlObject[m.argCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = argument(i);
        }
        return Collections.singletonList(args);
    }

    /** Argument {@code i} of a method other than {@code _DSM}: every AML data type, a zero and all ones. */
    private static AmlObject argument(int i) {
        return switch (i) {
            case 0 -> AmlInteger.of(1);
            case 1 -> new AmlBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
            case 2 -> new AmlString("fuzz");
            case 3 -> new AmlPackage(List.of(AmlInteger.of(2), new AmlString("p")));
            case 4 -> AmlInteger.ZERO;
            case 5 -> AmlInteger.of(0xFFFF_FFFFL);
            default -> AmlInteger.of(7);
        };
    }

    /**
     * Runs one top-level call: an {@link AmlException} is the interpreter refusing the AML; the fuzzing machine's
     * {@link FuzzAmlPlatform.AccessBudgetSpent}, bare or as an AML error's cause, is the harness stopping it; anything
     * else fails.
     */
    private static void refusedOrDone(Runnable call) {
        try {
            call.run();
        } catch (FuzzAmlPlatform.AccessBudgetSpent stopped) {
            // the machine's accesses are spent: the AML asked for more work than the harness gives one input
        } catch (AmlException refused) {
            assertThat(refused.status()).startsWith("AE_");
        }
    }

    /**
     * Interrupts the fuzzing thread once {@link #WATCHDOG} has passed on one input: every Wait or Acquire from then
     * on times out at once (the interpreter keeps the interrupt), so an input's real waiting is bounded in all.
     */
    private static final class Watchdog {
        private final Thread caller = Thread.currentThread();
        private final ScheduledFuture<?> alarm;
        private boolean over;

        Watchdog() {
            alarm = WATCH.schedule(this::bite, WATCHDOG.toMillis(), TimeUnit.MILLISECONDS);
        }

        private synchronized void bite() {
            if (!over) {
                caller.interrupt();
            }
        }

        void close() {
            synchronized (this) {
                over = true;
            }
            alarm.cancel(false);
            Thread.interrupted();
        }
    }
}
