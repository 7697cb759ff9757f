package dev.vnvdimm.guest.aml.runtime;

/**
 * Something imperfect in firmware AML that the interpreter logged and went past, as ACPICA (Linux's interpreter)
 * does rather than refuse the table: a term of a definition block that could not be loaded and was skipped, or a
 * Fatal the AML executed.
 *
 * @param kind    what happened
 * @param status  the ACPICA-style status of the skipped term ({@code AE_ALREADY_EXISTS}), or {@code AE_AML_FATAL}
 * @param message one line naming the object, the opcode and where it is
 */
public record AmlWarning(Kind kind, String status, String message) {
    public enum Kind {
        /** A term a table's load could not execute (a duplicate name, a Scope to no object …): skipped. */
        TERM_SKIPPED,
        /** The Fatal operator ran (ACPI 6.4 §19.6, Fatal): reported, and the method went on. */
        FATAL
    }

    static AmlWarning skipped(AmlException e) {
        return new AmlWarning(Kind.TERM_SKIPPED, e.status(), e.getMessage() + "; skipped");
    }

    @Override
    public String toString() {
        return message;
    }
}
