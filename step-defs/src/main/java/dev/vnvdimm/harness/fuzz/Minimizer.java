package dev.vnvdimm.harness.fuzz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Shrinks a failing sequence to one from which no single element can be left out (Zeller's delta debugging, ddmin):
 * chunks, then their complements, at finer and finer grain, keeping the order. The last element alone is tried first,
 * as most DSM divergences need no earlier request (a sequence of one is so tested too). Each test is costly (fresh machines on both sides), so results are
 * remembered and the number of tests is bounded; at the bound the shortest failing sequence found so far is kept.
 */
public final class Minimizer<T> {
    private final Predicate<List<T>> fails;
    private final int maxTests;
    private final Map<List<T>, Boolean> tested = new HashMap<>();

    /**
     * @param fails    whether a sequence still fails (from a fresh start)
     * @param maxTests the most sequences tested
     */
    public Minimizer(Predicate<List<T>> fails, int maxTests) {
        this.fails = fails;
        this.maxTests = maxTests;
    }

    /** How many sequences were tested. */
    public int tests() {
        return tested.size();
    }

    /** A subsequence of {@code failing} that fails and is 1-minimal, or the shortest found within the bound. */
    public List<T> minimize(List<T> failing) {
        List<T> current = List.copyOf(failing);
        if (current.isEmpty()) {
            return current;
        }
        List<T> last = current.subList(current.size() - 1, current.size());
        if (test(last) || current.size() == 1) {
            return List.copyOf(last);
        }
        int n = 2;
        while (current.size() >= 2 && tested.size() < maxTests) {
            List<List<T>> chunks = split(current, n);
            List<T> smaller = null;
            int nextN = n;
            for (List<T> chunk : chunks) {
                if (test(chunk)) {
                    smaller = chunk;
                    nextN = 2;
                    break;
                }
            }
            if (smaller == null && n > 2) {
                for (int i = 0; i < chunks.size() && smaller == null; i++) {
                    List<T> complement = new ArrayList<>(current.size());
                    for (int j = 0; j < chunks.size(); j++) {
                        if (j != i) {
                            complement.addAll(chunks.get(j));
                        }
                    }
                    if (test(complement)) {
                        smaller = complement;
                        nextN = Math.max(n - 1, 2);
                    }
                }
            }
            if (smaller != null) {
                current = List.copyOf(smaller);
                n = nextN;
            } else if (n >= current.size()) {
                break; // every single element is needed
            } else {
                n = Math.min(current.size(), 2 * n);
            }
        }
        return current;
    }

    private boolean test(List<T> candidate) {
        List<T> key = List.copyOf(candidate);
        Boolean known = tested.get(key);
        if (known != null) {
            return known;
        }
        if (tested.size() >= maxTests) {
            return false;
        }
        boolean result = fails.test(key);
        tested.put(key, result);
        return result;
    }

    /** {@code list} in {@code n} chunks as even as can be, in order. */
    private static <T> List<List<T>> split(List<T> list, int n) {
        List<List<T>> chunks = new ArrayList<>(n);
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = start + (list.size() - start) / (n - i);
            chunks.add(list.subList(start, end));
            start = end;
        }
        return chunks;
    }
}
