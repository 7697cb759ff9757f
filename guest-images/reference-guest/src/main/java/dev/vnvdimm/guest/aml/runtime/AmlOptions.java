package dev.vnvdimm.guest.aml.runtime;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Interpreter options.
 *
 * @param loopTimeout      how long one While may run before it is stopped with {@code AE_AML_LOOP_TIMEOUT} (ACPICA's
 *                         default is 30 seconds, and so is this)
 * @param integerWidth     0 = from the DSDT revision (rev &lt; 2 → 32 bits, else 64; with no DSDT in the first
 *                         {@code load}, from the first table's revision), or 32 / 64 to force it
 * @param verifyChecksums  reject tables whose checksum is wrong
 * @param maxCallDepth     nested method calls before {@code AE_AML_METHOD_LIMIT}, whichever methods they are: a
 *                         guard for the Java stack, which ACPICA (its calls not being nested on the C stack) has no
 *                         need of. ACPICA's own limit is 255 invocations of one method at once, and the interpreter
 *                         keeps that too; the default of 512 lets two methods recurse into each other as deep as
 *                         ACPICA lets them (2 × 255)
 * @param debugSink        receives the one-line form of everything stored to Debug
 * @param warningSink      receives each {@link AmlWarning} as it happens (a skipped term, a Fatal), e.g. for the
 *                         guest's boot log
 */
public record AmlOptions(Duration loopTimeout, int integerWidth, boolean verifyChecksums, int maxCallDepth,
                         Consumer<String> debugSink, Consumer<AmlWarning> warningSink) {

    public AmlOptions {
        if (integerWidth != 0 && integerWidth != 32 && integerWidth != 64) {
            throw new IllegalArgumentException("integerWidth must be 0, 32 or 64: " + integerWidth);
        }
    }

    public static AmlOptions defaults() {
        return new AmlOptions(Duration.ofSeconds(30), 0, true, 512, s -> { }, w -> { });
    }

    public AmlOptions withLoopTimeout(Duration d) {
        return new AmlOptions(d, integerWidth, verifyChecksums, maxCallDepth, debugSink, warningSink);
    }

    public AmlOptions withIntegerWidth(int bits) {
        return new AmlOptions(loopTimeout, bits, verifyChecksums, maxCallDepth, debugSink, warningSink);
    }

    public AmlOptions withVerifyChecksums(boolean v) {
        return new AmlOptions(loopTimeout, integerWidth, v, maxCallDepth, debugSink, warningSink);
    }

    public AmlOptions withMaxCallDepth(int depth) {
        return new AmlOptions(loopTimeout, integerWidth, verifyChecksums, depth, debugSink, warningSink);
    }

    public AmlOptions withDebugSink(Consumer<String> sink) {
        return new AmlOptions(loopTimeout, integerWidth, verifyChecksums, maxCallDepth, sink, warningSink);
    }

    public AmlOptions withWarningSink(Consumer<AmlWarning> sink) {
        return new AmlOptions(loopTimeout, integerWidth, verifyChecksums, maxCallDepth, debugSink, sink);
    }
}
