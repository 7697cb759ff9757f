package dev.vnvdimm.harness.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The namespaces a guest lists ({@code ndctl list -N}), as much of each as a label records: UUID, name, size and
 * mode. What ndctl numbers afresh on every boot (the device and block device names) is kept beside them to address a
 * namespace, but is not part of what two listings must share to be the same.
 */
record ListedNamespaces(List<Namespace> namespaces) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One namespace: what its labels say, and the name the guest gives it now ({@code namespace0.1}). */
    record Namespace(String uuid, String name, long size, String mode, String dev) {
        /** The same namespace, device name aside. */
        boolean sameAs(Namespace other) {
            return uuid.equals(other.uuid) && name.equals(other.name) && size == other.size
                    && mode.equals(other.mode);
        }

        @Override
        public String toString() {
            return "'" + name + "' " + (size % (1 << 20) == 0 ? (size >> 20) + "M" : size + "B") + " " + mode + " "
                    + uuid;
        }
    }

    ListedNamespaces {
        namespaces = namespaces.stream().sorted(Comparator.comparing(Namespace::uuid)).toList();
    }

    static final ListedNamespaces NONE = new ListedNamespaces(List.of());

    /** What {@code ndctl list -N} printed: nothing, one namespace, an array of them, or an object holding one. */
    static ListedNamespaces parse(String ndctlListOutput) {
        if (ndctlListOutput.isBlank()) {
            return NONE;
        }
        JsonNode printed;
        try {
            printed = JSON.readTree(ndctlListOutput);
        } catch (IOException e) {
            throw new UncheckedIOException("ndctl list -N printed no JSON: " + ndctlListOutput, e);
        }
        JsonNode items = printed.isArray() ? printed : printed.has("namespaces") ? printed.path("namespaces")
                : JSON.createArrayNode().add(printed);
        List<Namespace> out = new ArrayList<>();
        for (JsonNode n : items) {
            out.add(new Namespace(n.path("uuid").asText(""), n.path("name").asText(""), n.path("size").asLong(),
                    n.path("mode").asText(""), n.path("dev").asText("")));
        }
        return new ListedNamespaces(out);
    }

    /** Whether both list the same namespaces, device names aside. */
    boolean sameAs(ListedNamespaces other) {
        if (namespaces.size() != other.namespaces.size()) {
            return false;
        }
        for (int i = 0; i < namespaces.size(); i++) {
            if (!namespaces.get(i).sameAs(other.namespaces.get(i))) {
                return false;
            }
        }
        return true;
    }

    ListedNamespaces with(Namespace added) {
        List<Namespace> out = new ArrayList<>(namespaces);
        out.add(added);
        return new ListedNamespaces(out);
    }

    ListedNamespaces without(Namespace removed) {
        return new ListedNamespaces(namespaces.stream().filter(n -> !n.sameAs(removed)).toList());
    }

    Optional<Namespace> byUuid(String uuid) {
        return namespaces.stream().filter(n -> n.uuid.equals(uuid)).findFirst();
    }

    int size() {
        return namespaces.size();
    }

    boolean isEmpty() {
        return namespaces.isEmpty();
    }

    @Override
    public String toString() {
        return namespaces.isEmpty() ? "no namespace"
                : namespaces.stream().map(Namespace::toString).collect(Collectors.joining(", "));
    }
}
