package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlBufferField;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlFieldUnit;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlRegion;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.Conversions;
import dev.vnvdimm.guest.aml.runtime.ExtraOpcodes;
import dev.vnvdimm.guest.aml.runtime.FieldIo;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.NameString;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.aml.runtime.Node;
import dev.vnvdimm.guest.aml.runtime.ObjectTypes;
import dev.vnvdimm.guest.aml.runtime.Store;

/**
 * Loading definition blocks while AML runs (ACPI 6.4 §19.6: Load, LoadTable, Unload), with the ACPI 6.4 semantics
 * Linux has had since ACPICA 20220331 (Linux 5.19): Load and LoadTable evaluate to Ones when the table loaded (Load
 * also stores that in its target) and there is no DDBHandle any more. A loaded table's terms are loaded as a boot
 * table's are: one that fails is skipped with a warning. A table that cannot be loaded at all ends the method with
 * the reason, as in ACPICA.
 */
public final class TableOps {
    private TableOps() {
    }

    /**
     * Load (Object, Result): the table in a Buffer, a field, or an OperationRegion in SystemMemory (read from the
     * region's start for as long as its header says, as ACPICA reads it).
     */
    public static final class Load extends Node {
        final Node source;
        final Node target;

        public Load(int off, AmlTable t, Node source, Node target) {
            super(AmlOpcode.LOAD_OP, off, t);
            this.source = source;
            this.target = target;
        }

        @Override
        public AmlObject eval(Frame f) {
            f.interp.tables.loadFromAml(tableBytes(f), this);
            AmlInteger done = f.interp.ones;
            if (!target.isNullTarget()) {
                target.store(f, done);
            }
            return done;
        }

        private byte[] tableBytes(Frame f) {
            AmlObject o = source.raw(f);
            if (o instanceof AmlRegion r) {
                if (r.space() != AmlRegion.SYSTEM_MEMORY) {
                    throw error("AE_AML_OPERAND_TYPE", "Load from a region in address space " + r.space()
                            + ": only SystemMemory holds tables");
                }
                return FieldIo.regionTable(f.interp, r, this);
            }
            if (o instanceof AmlFieldUnit || o instanceof AmlBufferField) {
                o = FieldIo.read(f.interp, o, this);
            }
            if (o instanceof AmlBuffer b) {
                return b.data.clone();
            }
            throw error("AE_AML_OPERAND_TYPE", "Load needs a Buffer, a field or an OperationRegion, not "
                    + ObjectTypes.describe(o));
        }
    }

    /**
     * LoadTable (Signature, OEMID, OEMTableID, RootPath, ParameterPath, ParameterData): loads the first table the
     * firmware lists with that signature and IDs (empty IDs match any), its names relative to RootPath (default the
     * root), then stores ParameterData in the object at ParameterPath (relative to RootPath unless it starts with
     * {@code \} or {@code ^}; looked up before the table loads, as ACPICA does). Zero when no table matches.
     */
    public static final class LoadTable extends Node {
        private static final int SIGNATURE = 4;
        private static final int OEM_ID = 6;
        private static final int OEM_TABLE_ID = 8;
        final Node[] operands;

        public LoadTable(int off, AmlTable t, Node[] operands) {
            super(AmlOpcode.LOAD_TABLE_OP, off, t);
            this.operands = operands;
        }

        @Override
        public AmlObject eval(Frame f) {
            String signature = string(f, 0);
            String oemId = string(f, 1);
            String oemTableId = string(f, 2);
            String rootPath = string(f, 3);
            String parameterPath = string(f, 4);
            AmlObject parameterData = operands[5].eval(f);
            if (signature.length() < SIGNATURE || !validSignature(signature.substring(0, SIGNATURE))) {
                throw error("AE_BAD_SIGNATURE", "LoadTable: signature \"" + signature + "\" is not a table signature");
            }
            if (oemId.length() > OEM_ID || oemTableId.length() > OEM_TABLE_ID) {
                throw error("AE_AML_STRING_LIMIT", "LoadTable: OEM ID \"" + oemId + "\" or OEM Table ID \""
                        + oemTableId + "\" longer than its header field (6 and 8 characters)");
            }
            AmlTable found = f.interp.tables.find(signature.substring(0, SIGNATURE), oemId, oemTableId);
            if (found == null) {
                return AmlInteger.ZERO;
            }
            NamespaceNode root = rootPath.isEmpty() ? f.interp.namespace.root() : node(f, f.scope, rootPath);
            NamespaceNode parameter = null;
            if (!parameterPath.isEmpty()) {
                boolean fromHere = parameterPath.startsWith("\\") || parameterPath.startsWith("^");
                parameter = node(f, fromHere ? f.scope : root, parameterPath);
            }
            f.interp.tables.loadTableFromAml(found, root, this);
            if (parameter != null) {
                try {
                    Store.toNamed(f, parameter, parameterData, this);
                } catch (AmlException e) {
                    // the parameter could not be stored: the table is taken out again, as ACPICA does
                    f.interp.tables.unload(found);
                    throw e;
                }
            }
            return f.interp.ones;
        }

        private String string(Frame f, int i) {
            return Conversions.toStringImplicit(f, operands[i].eval(f), operands[i]);
        }

        private NamespaceNode node(Frame f, NamespaceNode from, String path) {
            NamespaceNode n;
            try {
                n = f.interp.namespace.resolve(from, NameString.parse(path));
            } catch (IllegalArgumentException e) {
                throw error("AE_BAD_PATHNAME", "LoadTable: " + e.getMessage());
            }
            if (n == null) {
                throw error("AE_NOT_FOUND", "LoadTable: " + path + " not found from " + from.path());
            }
            return n.target();
        }

        /** Four name characters (ACPI 6.4 §5.2.6: a table signature is a NameSeg). */
        private static boolean validSignature(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Unload (DDBHandle): since ACPI 6.4 neither Load nor LoadTable yields a DDBHandle, so no operand is one; ACPICA
     * refuses every operand with {@code AE_AML_OPERAND_TYPE}, and so does this.
     */
    public static final class Unload extends Node {
        final Node handle;

        public Unload(int off, AmlTable t, Node handle) {
            super(ExtraOpcodes.UNLOAD_OP, off, t);
            this.handle = handle;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlObject o = handle.raw(f);
            throw error("AE_AML_OPERAND_TYPE", "Unload needs a DDBHandle, not " + ObjectTypes.describe(o)
                    + " (since ACPI 6.4 Load and LoadTable return a Boolean)");
        }
    }
}
