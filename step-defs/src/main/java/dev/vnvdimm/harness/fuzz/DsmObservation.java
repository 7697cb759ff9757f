package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.dsm.DsmPage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one side did with a DSM request: answered it (the reply, and every label area after it), or ended. */
public sealed interface DsmObservation {

    /**
     * @param reply      the page's first bytes after the request: the reply's length word, then its output
     * @param labelAreas the last {@link FuzzMachine#LABEL_AREA} bytes of each backing file after the request, by file
     */
    record Answered(byte[] reply, Map<String, byte[]> labelAreas) implements DsmObservation {
        public Answered {
            reply = reply.clone();
            labelAreas = new LinkedHashMap<>(labelAreas);
        }

        /** The reply's length word: bytes of the reply, the word itself included. */
        public long length() {
            return DsmPage.replyLength(reply);
        }

        /** Reply word {@code index} (0 is the length), unsigned; 0 past the bytes read. */
        public long word(int index) {
            int at = index * DsmPage.WORD;
            if (at + DsmPage.WORD > reply.length) {
                return 0;
            }
            return Integer.toUnsignedLong(ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN).getInt(at));
        }

        /** The reply's bytes as long as it says it is (at most the bytes read). */
        public byte[] replyBytes() {
            return Arrays.copyOf(reply, (int) Math.min(Math.max(length(), DsmPage.WORD), reply.length));
        }
    }

    /**
     * The side could not answer: the hypervisor ended (its last words, as the harness collects them) or the
     * reference threw.
     */
    record Ended(String lastWords) implements DsmObservation {
    }
}
