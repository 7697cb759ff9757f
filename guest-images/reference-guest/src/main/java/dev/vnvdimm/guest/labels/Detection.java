package dev.vnvdimm.guest.labels;

import java.util.List;
import java.util.Optional;

/**
 * What the index blocks of a label area say, as Linux finds out at probe time: the 128-byte label geometry
 * is tried first, then the 256-byte one; the first geometry with a valid index block wins, and of two
 * valid blocks the current one is chosen by sequence number ({@link NamespaceIndex#current(int, int)}).
 *
 * @param tried  every geometry tried, in order, with the verdict on both blocks
 * @param chosen the geometry in use, empty when no index block is valid ("no valid index")
 */
public record Detection(List<GeometryCheck> tried, Optional<GeometryCheck> chosen) {

    /** One index block judged under one geometry; {@code problems} is empty when it is valid. */
    public record IndexCheck(int index, NamespaceIndex block, List<NamespaceIndex.Problem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Both blocks under {@code geometry}; {@code current} is 0 or 1, or -1 when neither block is valid. */
    public record GeometryCheck(LabelGeometry geometry, List<IndexCheck> blocks, int current) {
        public boolean valid() {
            return current >= 0;
        }

        public NamespaceIndex currentIndex() {
            return blocks.get(current).block();
        }
    }

    public boolean valid() {
        return chosen.isPresent();
    }

    public LabelGeometry geometry() {
        return chosen.orElseThrow(() -> new LabelAreaException("no valid index")).geometry();
    }

    public LabelVersion version() {
        return geometry().version();
    }

    /** 0 or 1: the current index block. */
    public int current() {
        return chosen.orElseThrow(() -> new LabelAreaException("no valid index")).current();
    }

    public NamespaceIndex currentIndex() {
        return chosen.orElseThrow(() -> new LabelAreaException("no valid index")).currentIndex();
    }

    /** Why each block is invalid, one line per block and geometry; empty for an area with two valid blocks. */
    public List<String> messages() {
        return tried.stream().flatMap(g -> g.blocks().stream()
                .filter(b -> !b.valid())
                .map(b -> "index" + b.index() + " (" + g.geometry().labelSize() + "-byte labels): "
                        + String.join(", ", b.problems().stream().map(NamespaceIndex.Problem::text).toList())))
                .toList();
    }
}
