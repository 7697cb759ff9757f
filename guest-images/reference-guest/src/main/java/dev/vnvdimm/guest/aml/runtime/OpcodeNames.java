package dev.vnvdimm.guest.aml.runtime;

import dev.vnvdimm.abi.aml.AmlOpcode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/** Opcode → constant name ({@code DIVIDE_OP}), from {@link AmlOpcode} and {@link ExtraOpcodes}, for errors. */
public final class OpcodeNames {
    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        collect(AmlOpcode.class);
        collect(ExtraOpcodes.class);
        NAMES.put(ExtraOpcodes.NAME_STRING, "NameString");
    }

    private OpcodeNames() {
    }

    private static void collect(Class<?> c) {
        for (Field f : c.getDeclaredFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    f.setAccessible(true);
                    int v = f.getInt(null);
                    String n = f.getName();
                    // several markers share a byte with an opcode (ZERO_OP = NULL_NAME = RESERVED_FIELD): prefer *_OP
                    String old = NAMES.get(v);
                    if (old == null || (!old.endsWith("_OP") && n.endsWith("_OP"))) {
                        NAMES.put(v, n);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (int i = 0; i < 8; i++) {
            NAMES.put(AmlOpcode.LOCAL0_OP + i, "LOCAL" + i + "_OP");
        }
        for (int i = 0; i < 7; i++) {
            NAMES.put(AmlOpcode.ARG0_OP + i, "ARG" + i + "_OP");
        }
    }

    public static String name(int opcode) {
        String n = NAMES.get(opcode);
        return n != null ? n : String.format("opcode 0x%02X", opcode);
    }
}
