package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.IntelDsm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One DSM request as {@code dsm-protocol.feature} writes it: the page's handle, revision and function words, then
 * Arg3 as u32 words; the rest of the page is zeros. Every request the fuzzer makes can so be pasted into a scenario.
 *
 * @param arguments Arg3's words (offset, length and data for the label functions; the offset for Read FIT)
 */
public record DsmRequest(int handle, int revision, int function, List<Integer> arguments) {
    public DsmRequest {
        arguments = List.copyOf(arguments);
        if (arguments.size() * DsmPage.WORD > DsmPage.ARG3_SIZE) {
            throw new IllegalArgumentException(arguments.size() + " Arg3 words do not fit the DSM page");
        }
    }

    public static DsmRequest of(int handle, int revision, int function, Integer... arguments) {
        return new DsmRequest(handle, revision, function, List.of(arguments));
    }

    /** The whole 4 KiB page the guest's AML would write. */
    public byte[] page() {
        ByteBuffer arg3 = ByteBuffer.allocate(arguments.size() * DsmPage.WORD).order(ByteOrder.LITTLE_ENDIAN);
        arguments.forEach(arg3::putInt);
        return DsmPage.request(handle, revision, function, arg3.array());
    }

    /** Arg3's word {@code index} as the handler reads it: 0 past the words given (the page is zeros there). */
    public long argument(int index) {
        return index < arguments.size() ? Integer.toUnsignedLong(arguments.get(index)) : 0;
    }

    /** The label offset of a Get or Set Namespace Label Data. */
    public long labelOffset() {
        return argument(IntelDsm.LABEL_OFFSET / DsmPage.WORD);
    }

    /** The label length of a Get or Set Namespace Label Data. */
    public long labelLength() {
        return argument(IntelDsm.LABEL_LENGTH / DsmPage.WORD);
    }

    /** The step of {@code dsm-protocol.feature} that sends this request. */
    public String step() {
        String head = "the DSM request handle " + word(handle) + ", revision " + word(revision) + ", function "
                + word(function);
        return arguments.isEmpty() ? head + " is sent"
                : head + " with arguments \"" + arguments.stream().map(DsmRequest::word)
                        .collect(Collectors.joining(", ")) + "\" is sent";
    }

    /** A u32 as the features write it: small ones in decimal, the rest in hex. */
    static String word(int value) {
        long v = Integer.toUnsignedLong(value);
        return v < 0x1000 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    @Override
    public String toString() {
        return "handle " + word(handle) + ", revision " + word(revision) + ", function " + word(function)
                + (arguments.isEmpty() ? "" : ", arguments " + arguments.stream().map(DsmRequest::word)
                        .collect(Collectors.joining(", ", "[", "]")));
    }
}
