package dev.vnvdimm.guest.ndctl;

/** The count line an ndctl command ends with on stderr: "read 1 nmem", "disabled 2 regions". */
final class Summary {
    private Summary() {
    }

    /** ndctl adds an "s" only above one: "read 0 nmem", "read 1 nmem", "read 2 nmems". */
    static String of(String verb, int n, String noun) {
        return verb + " " + n + " " + noun + (n > 1 ? "s" : "") + "\n";
    }

    /** {@code destroy-namespace} pluralises every count but one: "destroyed 0 namespaces", "destroyed 1 namespace". */
    static String namespaces(String verb, int n) {
        return verb + " " + n + " namespace" + (n == 1 ? "" : "s") + "\n";
    }
}
