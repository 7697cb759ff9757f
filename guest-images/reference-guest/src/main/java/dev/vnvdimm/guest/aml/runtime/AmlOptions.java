package dev.vnvdimm.guest.aml.runtime;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Interpreter options.
 *
 * @param loopTimeout      how long one While may run before it is stopped with {@code AE_AML_LOOP_TIMEOUT}
 * @param integerWidth     0 = from the DSDT revision (rev &lt; 2 → 32 bits, else 64; with no DSDT in the first
 *                         {@code load}, from the first table's revision), or 32 / 64 to force it
 * @param verifyChecksums  reject tables whose checksum is wrong
 * @param maxCallDepth     nested method calls before {@code AE_AML_METHOD_LIMIT}
 * @param debugSink        receives the one-line form of everything stored to Debug
 */
public record AmlOptions(Duration loopTimeout, int integerWidth, boolean verifyChecksums, int maxCallDepth,
                         Consumer<String> debugSink) {

    public AmlOptions {
        if (integerWidth != 0 && integerWidth != 32 && integerWidth != 64) {
            throw new IllegalArgumentException("integerWidth must be 0, 32 or 64: " + integerWidth);
        }
    }

    public static AmlOptions defaults() {
        return new AmlOptions(Duration.ofSeconds(5), 0, true, 256, s -> { });
    }

    public AmlOptions withLoopTimeout(Duration d) {
        return new AmlOptions(d, integerWidth, verifyChecksums, maxCallDepth, debugSink);
    }

    public AmlOptions withIntegerWidth(int bits) {
        return new AmlOptions(loopTimeout, bits, verifyChecksums, maxCallDepth, debugSink);
    }

    public AmlOptions withVerifyChecksums(boolean v) {
        return new AmlOptions(loopTimeout, integerWidth, v, maxCallDepth, debugSink);
    }

    public AmlOptions withDebugSink(Consumer<String> sink) {
        return new AmlOptions(loopTimeout, integerWidth, verifyChecksums, maxCallDepth, sink);
    }
}
