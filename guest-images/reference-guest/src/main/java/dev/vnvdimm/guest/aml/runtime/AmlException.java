package dev.vnvdimm.guest.aml.runtime;

/**
 * An AML load or evaluation error: an ACPICA-style status ({@code AE_AML_DIVIDE_BY_ZERO}), the opcode where it
 * happened by its {@link dev.vnvdimm.abi.aml.AmlOpcode} name, and the byte offset of that opcode in its table.
 */
public final class AmlException extends RuntimeException {
    private final String status;
    private final String detail;
    private int opcode = Integer.MIN_VALUE;
    private int offset = -1;
    private String table;
    private String method;

    public AmlException(String status, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.detail = detail;
    }

    public AmlException(String status, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.status = status;
        this.detail = detail;
    }

    /** Fills in the location from {@code node} unless already located; returns this. */
    public AmlException locate(Node node) {
        if (opcode == Integer.MIN_VALUE && node != null) {
            opcode = node.op;
            offset = node.offset;
            table = node.table == null ? null : node.table.label();
        }
        return this;
    }

    public AmlException locate(int op, int off, AmlTable t) {
        if (opcode == Integer.MIN_VALUE) {
            opcode = op;
            offset = off;
            table = t == null ? null : t.label();
        }
        return this;
    }

    AmlException inMethod(String path) {
        if (method == null) {
            method = path;
        }
        return this;
    }

    boolean located() {
        return opcode != Integer.MIN_VALUE;
    }

    /** The ACPICA-style status name, e.g. {@code AE_AML_DIVIDE_BY_ZERO}. */
    public String status() {
        return status;
    }

    /** The opcode's AmlOpcode constant name, e.g. {@code DIVIDE_OP}; null if unknown. */
    public String opcodeName() {
        return located() ? OpcodeNames.name(opcode) : null;
    }

    /** Byte offset of the opcode within its table, or -1. */
    public int offset() {
        return offset;
    }

    /** The table, e.g. {@code SSDT(NVDIMM)}; null if unknown. */
    public String table() {
        return table;
    }

    /** The innermost method being executed, or null. */
    public String method() {
        return method;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(status).append(": ").append(detail);
        if (located()) {
            sb.append(" [").append(OpcodeNames.name(opcode));
            if (offset >= 0) {
                sb.append(" at ").append(table == null ? "" : table + "+").append(String.format("0x%X", offset));
            }
            sb.append(']');
        }
        if (method != null) {
            sb.append(" in ").append(method);
        }
        return sb.toString();
    }
}
