package dev.vnvdimm.guest.aml.parser;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.operators.ControlFlow;
import dev.vnvdimm.guest.aml.runtime.AmlContainer;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.ExtraOpcodes;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.Interpreter;
import dev.vnvdimm.guest.aml.runtime.NameString;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.aml.runtime.Node;

/**
 * Loads one definition block into the namespace (ACPI 6.4 §5.4): walks the top-level TermList in order,
 * opening Scope/Device/Processor/PowerResource/ThermalZone containers, creating every named object, and running
 * module-level code, as it goes — so a later term sees the methods earlier terms declared. Method bodies are
 * not parsed here (deferred to their first call).
 *
 * <p>Firmware is not perfect, and Linux loads it anyway: a term that fails — a name that already exists, a Scope
 * to a path that does not, a module-level statement that divides by zero — is skipped with a warning
 * ({@link Interpreter#skipped}) and the load goes on with the next term, as ACPICA does. A Scope or container that
 * cannot be opened is skipped with everything in it. Only AML that cannot be decoded (an unknown opcode, a length
 * past the end) stops the load, since the next term cannot be found.
 */
public final class TableLoader {
    private final Interpreter interp;
    private final AmlParser parser;
    private final AmlTable table;
    private final NamespaceNode scope;

    /** A loader for {@code table}, whose names are relative to {@code scope} (the root, but for LoadTable). */
    public TableLoader(Interpreter interp, AmlTable table, NamespaceNode scope) {
        this.interp = interp;
        this.table = table;
        this.scope = scope;
        this.parser = new AmlParser(interp, table, scope);
    }

    public void load() {
        try {
            loadTermList(AmlTable.HEADER_SIZE, table.bytes.length, scope);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new AmlException("AE_AML_BAD_OPCODE", "truncated AML").locate(-1, parser.pos, table);
        }
    }

    private void loadTermList(int end, NamespaceNode scope) {
        loadTermList(parser.pos, end, scope);
    }

    private void loadTermList(int start, int end, NamespaceNode scope) {
        parser.pos = start;
        Frame frame = new Frame(interp, scope, null, new AmlObject[7], 0, 0);
        byte[] b = table.bytes;
        while (parser.pos < end) {
            parser.scope = scope;
            int at = parser.pos;
            int c = b[at] & 0xFF;
            int ext = c == AmlOpcode.EXT_OP_PREFIX && at + 1 < b.length ? (c << 8) | (b[at + 1] & 0xFF) : -1;
            if (c == AmlOpcode.SCOPE_OP) {
                parser.pos++;
                int e = parser.pkgEnd();
                NameString name = parser.nameString();
                NamespaceNode n = interp.namespace.resolve(scope, name);
                if (n == null) {
                    interp.skipped(new AmlException("AE_NOT_FOUND", "Scope(" + name + ") does not exist (from "
                            + scope.path() + "), with the " + (e - parser.pos) + " bytes in it")
                            .locate(c, at, table));
                    parser.pos = e;
                } else {
                    loadTermList(e, n.target());
                }
            } else if (ext == AmlOpcode.DEVICE_OP || ext == AmlOpcode.THERMAL_ZONE_OP
                    || ext == ExtraOpcodes.PROCESSOR_OP || ext == AmlOpcode.POWER_RES_OP) {
                parser.pos += 2;
                int e = parser.pkgEnd();
                NameString name = parser.nameString();
                AmlContainer proto = parser.containerHeader(ext);
                NamespaceNode n;
                try {
                    n = frame.create(name, proto, new ControlFlow.Noop(ext, at, table));
                } catch (AmlException ex) {
                    interp.skipped(ex);
                    parser.pos = e;
                    continue;
                }
                loadTermList(e, n);
            } else {
                Node term = parser.parseTerm();
                try {
                    term.exec(frame);
                } catch (AmlException ex) {
                    interp.skipped(ex.locate(term));
                } catch (RuntimeException ex) {
                    throw new AmlException("AE_AML_INTERNAL", ex.toString(), ex).locate(term);
                }
            }
        }
        if (parser.pos != end) {
            throw new AmlException("AE_AML_BAD_OPCODE", "term runs past the end of its scope").locate(-1, start, table);
        }
    }
}
