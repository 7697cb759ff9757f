package dev.vnvdimm.guest.aml.operators;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlFieldUnit;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlRegion;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.Conversions;
import dev.vnvdimm.guest.aml.runtime.Frame;
import dev.vnvdimm.guest.aml.runtime.NameString;
import dev.vnvdimm.guest.aml.runtime.Node;

/**
 * Field, IndexField and BankField (ACPI 6.4 §19.6.46, §19.6.64, §19.6.7): a FieldList parsed once into the name,
 * bit offset, bit width and flags (AccessField elements change the access type of later units) of each unit.
 */
public final class FieldDecls {
    private FieldDecls() {
    }

    /** The parsed FieldList. */
    public record FieldList(String[] names, long[] offsets, long[] widths, int[] flags) {
    }

    public static final class FieldDecl extends Node {
        final NameString region;
        final NameString selector;
        final Node bankValue;
        final FieldList list;

        /** Field: selector and bankValue null. IndexField: region = index name, selector = data name. BankField: selector = bank. */
        public FieldDecl(int op, int off, AmlTable t, NameString region, NameString selector, Node bankValue, FieldList list) {
            super(op, off, t);
            this.region = region;
            this.selector = selector;
            this.bankValue = bankValue;
            this.list = list;
        }

        @Override
        public AmlObject eval(Frame f) {
            AmlRegion r = null;
            AmlFieldUnit first = null;
            AmlFieldUnit data = null;
            long bank = 0;
            AmlFieldUnit.Kind kind;
            if (op == AmlOpcode.INDEX_FIELD_OP) {
                kind = AmlFieldUnit.Kind.INDEX;
                first = fieldUnit(f, region);
                data = fieldUnit(f, selector);
            } else {
                AmlObject o = f.lookup(region, this).object;
                if (!(o instanceof AmlRegion rr)) {
                    throw error("AE_AML_OPERAND_TYPE", region + " is not an OperationRegion");
                }
                r = rr;
                if (op == AmlOpcode.BANK_FIELD_OP) {
                    kind = AmlFieldUnit.Kind.BANK;
                    first = fieldUnit(f, selector);
                    bank = Conversions.toInteger(f, bankValue.eval(f), bankValue);
                } else {
                    kind = AmlFieldUnit.Kind.REGION;
                }
            }
            for (int i = 0; i < list.names.length; i++) {
                AmlFieldUnit unit = new AmlFieldUnit(kind, r, list.offsets[i], list.widths[i], list.flags[i], first,
                        data, bank);
                try {
                    f.create(NameString.parse(list.names[i]), unit, this);
                } catch (AmlException e) {
                    if (!f.moduleLevel()) {
                        throw e;
                    }
                    // while a table loads, a unit whose name exists is skipped and the others are made (ACPICA
                    // keeps the first object of a name too)
                    f.interp.skipped(e);
                }
            }
            return null;
        }

        private AmlFieldUnit fieldUnit(Frame f, NameString n) {
            AmlObject o = f.lookup(n, this).object;
            if (!(o instanceof AmlFieldUnit fu)) {
                throw error("AE_AML_OPERAND_TYPE", n + " is not a field unit");
            }
            return fu;
        }
    }
}
