package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.dsm.DsmPage;
import java.util.Map;
import java.util.Optional;

/**
 * The first way a target's observation of a request differs from the reference's: either side ended, the reply
 * (its length word, then its bytes up to that length), or a label area.
 *
 * @param word   the first reply word that differs (0 is the length word), for {@link Kind#REPLY}
 * @param file   the backing file whose label area differs, for {@link Kind#LABEL_AREA}
 * @param offset the first label-area byte that differs, for {@link Kind#LABEL_AREA}
 */
public record DsmDifference(Kind kind, String description, int word, String file, int offset) {
    public enum Kind { REFERENCE_ENDED, TARGET_ENDED, REPLY, LABEL_AREA }

    /** How the target's observation differs from the reference's, if it does. */
    public static Optional<DsmDifference> between(DsmObservation reference, DsmObservation target) {
        if (reference instanceof DsmObservation.Ended e) {
            return Optional.of(new DsmDifference(Kind.REFERENCE_ENDED, "the reference failed: " + e.lastWords(),
                    -1, "", -1));
        }
        if (target instanceof DsmObservation.Ended e) {
            return Optional.of(new DsmDifference(Kind.TARGET_ENDED, "the target ended: " + e.lastWords(), -1, "", -1));
        }
        DsmObservation.Answered r = (DsmObservation.Answered) reference;
        DsmObservation.Answered t = (DsmObservation.Answered) target;
        if (r.length() != t.length()) {
            return Optional.of(reply(0, r, t));
        }
        int end = (int) Math.min(r.length(), Math.min(r.reply().length, t.reply().length));
        for (int i = DsmPage.OUTPUT; i < end; i++) {
            if (r.reply()[i] != t.reply()[i]) {
                return Optional.of(reply(i / DsmPage.WORD, r, t));
            }
        }
        for (Map.Entry<String, byte[]> area : r.labelAreas().entrySet()) {
            byte[] mine = area.getValue();
            byte[] theirs = t.labelAreas().get(area.getKey());
            for (int i = 0; i < mine.length; i++) {
                if (theirs == null || i >= theirs.length || mine[i] != theirs[i]) {
                    int differing = countDiffering(mine, theirs);
                    return Optional.of(new DsmDifference(Kind.LABEL_AREA, String.format("the label area of %s "
                            + "differs from byte 0x%x on (%d byte%s): reference 0x%02x, target %s", area.getKey(), i,
                            differing, differing == 1 ? "" : "s", mine[i] & 0xff, theirs == null || i >= theirs.length
                                    ? "none" : String.format("0x%02x", theirs[i] & 0xff)), -1, area.getKey(), i));
                }
            }
        }
        return Optional.empty();
    }

    private static DsmDifference reply(int word, DsmObservation.Answered r, DsmObservation.Answered t) {
        String which = word == 0 ? "length" : word == 1 ? "status" : "data word " + (word - 2);
        return new DsmDifference(Kind.REPLY, String.format("reply word %d (%s): reference 0x%x, target 0x%x", word,
                which, r.word(word), t.word(word)), word, "", -1);
    }

    private static int countDiffering(byte[] mine, byte[] theirs) {
        int n = 0;
        for (int i = 0; i < mine.length; i++) {
            if (theirs == null || i >= theirs.length || mine[i] != theirs[i]) {
                n++;
            }
        }
        return n;
    }
}
