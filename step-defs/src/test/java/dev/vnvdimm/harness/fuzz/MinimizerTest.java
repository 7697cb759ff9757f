package dev.vnvdimm.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Delta debugging over request sequences, against made-up failures with no machine behind them. */
class MinimizerTest {
    /** A long sequence of noise with the given items put in at these places. */
    private static List<String> noiseWith(int length, long seed, Object... positionAndItem) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            out.add("n" + r.nextInt(1000));
        }
        for (int i = 0; i < positionAndItem.length; i += 2) {
            out.set((Integer) positionAndItem[i], (String) positionAndItem[i + 1]);
        }
        return out;
    }

    /** Fails when the items appear in this order (others may come between). */
    private static Predicate<List<String>> inOrder(String... items) {
        return list -> {
            int next = 0;
            for (String s : list) {
                if (next < items.length && s.equals(items[next])) {
                    next++;
                }
            }
            return next == items.length;
        };
    }

    @Test
    void aFailureOfTheLastRequestAloneTakesOneTest() {
        List<String> seq = noiseWith(150, 1, 149, "read");
        Minimizer<String> m = new Minimizer<>(inOrder("read"), 100);
        assertThat(m.minimize(seq)).containsExactly("read");
        assertThat(m.tests()).isEqualTo(1);
    }

    @Test
    void aWriteThenAReadAreFoundAmongNoiseInTheirOrder() {
        List<String> seq = noiseWith(200, 2, 37, "write", 199, "read");
        Minimizer<String> m = new Minimizer<>(inOrder("write", "read"), 100);
        assertThat(m.minimize(seq)).containsExactly("write", "read");
        assertThat(m.tests()).isLessThan(60);
    }

    @Test
    void threeNeededItemsFarApartAreAllKept() {
        List<String> seq = noiseWith(120, 3, 3, "plug", 60, "write", 119, "read");
        assertThat(new Minimizer<>(inOrder("plug", "write", "read"), 100).minimize(seq))
                .containsExactly("plug", "write", "read");
    }

    @Test
    void theBoundOnTestsKeepsTheShortestFoundSoFar() {
        List<String> seq = noiseWith(200, 4, 10, "a", 90, "b", 150, "c", 199, "d");
        Minimizer<String> m = new Minimizer<>(inOrder("a", "b", "c", "d"), 5);
        List<String> got = m.minimize(seq);
        assertThat(m.tests()).isLessThanOrEqualTo(5);
        assertThat(inOrder("a", "b", "c", "d").test(got)).as("what it kept still fails").isTrue();
        assertThat(got.size()).isLessThanOrEqualTo(seq.size());
    }

    @Test
    void aSingleRequestIsTestedToo() {
        int[] tests = {0};
        Minimizer<String> m = new Minimizer<>(l -> ++tests[0] > 0 && l.equals(List.of("x")), 10);
        assertThat(m.minimize(List.of("x"))).containsExactly("x");
        assertThat(tests[0]).isEqualTo(1);
    }
}
