package dev.vnvdimm.guest.aml.runtime;

/**
 * What the interpreter core needs from the AML parser, which sits above it (the parser builds the operators'
 * nodes, and the operators run on this core): loading a definition block and parsing a method body on its first
 * call. The public {@code AmlInterpreter} hands the parser package's implementation to the {@link Interpreter}.
 */
public interface TermParser {
    /**
     * Loads {@code table}'s TermList into the namespace, its names relative to {@code scope} (the root, but for
     * LoadTable's RootPath), running its module-level code (ACPI 6.4 §5.4).
     */
    void loadTable(Interpreter interp, AmlTable table, NamespaceNode scope);

    /** Parses the method body at {@code [start, end)} of {@code table}, its names resolved from {@code scope}. */
    Block parseMethodBody(Interpreter interp, AmlTable table, NamespaceNode scope, int start, int end);
}
