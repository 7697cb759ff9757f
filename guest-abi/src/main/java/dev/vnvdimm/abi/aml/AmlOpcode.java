package dev.vnvdimm.abi.aml;

/**
 * The AML opcode vocabulary (ACPI 6.4 §20.3 "AML Byte Stream Byte Values" and §20.2 grammar), shared by the
 * encoder in this package and by any decoder/interpreter, so both speak of {@code STORE_OP}, not {@code 0x70}.
 *
 * <p>One-byte opcodes are their byte value. Two-byte opcodes that start with {@link #EXT_OP_PREFIX} are written
 * as {@code 0x5Bnn} (for example {@link #DEVICE_OP} {@code = 0x5B82}), so a single {@code int} names every opcode
 * without a second table; {@link #isExtended(int)} tells which is which. Prefixes, name characters and field-list
 * markers that are not opcodes in the strict sense live here too, because a decoder dispatches on them the same way.
 */
public final class AmlOpcode {

    private AmlOpcode() {
    }

    // §20.2.3 Data Objects Encoding
    public static final int ZERO_OP = 0x00;
    public static final int ONE_OP = 0x01;
    public static final int ALIAS_OP = 0x06;
    public static final int NAME_OP = 0x08;
    public static final int BYTE_PREFIX = 0x0A;
    public static final int WORD_PREFIX = 0x0B;
    public static final int DWORD_PREFIX = 0x0C;
    public static final int STRING_PREFIX = 0x0D;
    public static final int QWORD_PREFIX = 0x0E;
    public static final int ONES_OP = 0xFF;

    // §20.2.5.1 Namespace Modifier Objects / §20.2.5.2 Named Objects (one-byte)
    public static final int SCOPE_OP = 0x10;
    public static final int BUFFER_OP = 0x11;
    public static final int PACKAGE_OP = 0x12;
    public static final int VAR_PACKAGE_OP = 0x13;
    public static final int METHOD_OP = 0x14;
    public static final int EXTERNAL_OP = 0x15;

    // §20.2.2 Name Objects Encoding
    /** NullName: an empty NameString, also the "no target" Target. */
    public static final int NULL_NAME = 0x00;
    public static final int DUAL_NAME_PREFIX = 0x2E;
    public static final int MULTI_NAME_PREFIX = 0x2F;
    public static final int ROOT_CHAR = 0x5C;
    public static final int PARENT_PREFIX_CHAR = 0x5E;

    /** ExtOpPrefix: the first byte of every two-byte opcode (§20.2.5). */
    public static final int EXT_OP_PREFIX = 0x5B;

    // §20.2.6.1 Arg Objects / §20.2.6.2 Local Objects
    public static final int LOCAL0_OP = 0x60;
    public static final int LOCAL7_OP = 0x67;
    public static final int ARG0_OP = 0x68;
    public static final int ARG6_OP = 0x6E;

    // §20.2.5.4 Type 2 Opcodes (expressions)
    public static final int STORE_OP = 0x70;
    public static final int REF_OF_OP = 0x71;
    public static final int ADD_OP = 0x72;
    public static final int CONCAT_OP = 0x73;
    public static final int SUBTRACT_OP = 0x74;
    public static final int INCREMENT_OP = 0x75;
    public static final int DECREMENT_OP = 0x76;
    public static final int MULTIPLY_OP = 0x77;
    public static final int DIVIDE_OP = 0x78;
    public static final int SHIFT_LEFT_OP = 0x79;
    public static final int SHIFT_RIGHT_OP = 0x7A;
    public static final int AND_OP = 0x7B;
    public static final int NAND_OP = 0x7C;
    public static final int OR_OP = 0x7D;
    public static final int NOR_OP = 0x7E;
    public static final int XOR_OP = 0x7F;
    public static final int NOT_OP = 0x80;
    public static final int FIND_SET_LEFT_BIT_OP = 0x81;
    public static final int FIND_SET_RIGHT_BIT_OP = 0x82;
    public static final int DEREF_OF_OP = 0x83;
    public static final int CONCAT_RES_OP = 0x84;
    public static final int MOD_OP = 0x85;
    public static final int NOTIFY_OP = 0x86;
    public static final int SIZE_OF_OP = 0x87;
    public static final int INDEX_OP = 0x88;
    public static final int MATCH_OP = 0x89;
    public static final int CREATE_DWORD_FIELD_OP = 0x8A;
    public static final int CREATE_WORD_FIELD_OP = 0x8B;
    public static final int CREATE_BYTE_FIELD_OP = 0x8C;
    public static final int CREATE_BIT_FIELD_OP = 0x8D;
    public static final int OBJECT_TYPE_OP = 0x8E;
    public static final int CREATE_QWORD_FIELD_OP = 0x8F;
    public static final int LAND_OP = 0x90;
    public static final int LOR_OP = 0x91;
    public static final int LNOT_OP = 0x92;
    public static final int LEQUAL_OP = 0x93;
    public static final int LGREATER_OP = 0x94;
    public static final int LLESS_OP = 0x95;
    public static final int TO_BUFFER_OP = 0x96;
    public static final int TO_DECIMAL_STRING_OP = 0x97;
    public static final int TO_HEX_STRING_OP = 0x98;
    public static final int TO_INTEGER_OP = 0x99;
    public static final int TO_STRING_OP = 0x9C;
    public static final int COPY_OBJECT_OP = 0x9D;
    public static final int MID_OP = 0x9E;

    // §20.2.5.3 Statement Opcodes
    public static final int CONTINUE_OP = 0x9F;
    public static final int IF_OP = 0xA0;
    public static final int ELSE_OP = 0xA1;
    public static final int WHILE_OP = 0xA2;
    public static final int NOOP_OP = 0xA3;
    public static final int RETURN_OP = 0xA4;
    public static final int BREAK_OP = 0xA5;
    public static final int BREAK_POINT_OP = 0xCC;

    // Two-byte opcodes: EXT_OP_PREFIX followed by the low byte (§20.2.5.2, §20.2.5.3, §20.2.5.4)
    public static final int MUTEX_OP = 0x5B01;
    public static final int EVENT_OP = 0x5B02;
    public static final int COND_REF_OF_OP = 0x5B12;
    public static final int CREATE_FIELD_OP = 0x5B13;
    public static final int LOAD_TABLE_OP = 0x5B1F;
    public static final int LOAD_OP = 0x5B20;
    public static final int STALL_OP = 0x5B21;
    public static final int SLEEP_OP = 0x5B22;
    public static final int ACQUIRE_OP = 0x5B23;
    public static final int SIGNAL_OP = 0x5B24;
    public static final int WAIT_OP = 0x5B25;
    public static final int RESET_OP = 0x5B26;
    public static final int RELEASE_OP = 0x5B27;
    public static final int FROM_BCD_OP = 0x5B28;
    public static final int TO_BCD_OP = 0x5B29;
    public static final int REVISION_OP = 0x5B30;
    public static final int DEBUG_OP = 0x5B31;
    public static final int FATAL_OP = 0x5B32;
    public static final int TIMER_OP = 0x5B33;
    public static final int OP_REGION_OP = 0x5B80;
    public static final int FIELD_OP = 0x5B81;
    public static final int DEVICE_OP = 0x5B82;
    public static final int POWER_RES_OP = 0x5B84;
    public static final int THERMAL_ZONE_OP = 0x5B85;
    public static final int INDEX_FIELD_OP = 0x5B86;
    public static final int BANK_FIELD_OP = 0x5B87;
    public static final int DATA_REGION_OP = 0x5B88;

    // §20.2.5.2 FieldElement lead bytes inside a FieldList (a NamedField starts with its NameSeg instead)
    public static final int RESERVED_FIELD = 0x00;
    public static final int ACCESS_FIELD = 0x01;
    public static final int CONNECT_FIELD = 0x02;
    public static final int EXTENDED_ACCESS_FIELD = 0x03;

    /** True for opcodes written as {@link #EXT_OP_PREFIX} plus a second byte. */
    public static boolean isExtended(int opcode) {
        return (opcode >> 8) == EXT_OP_PREFIX;
    }

    /** The number of bytes {@code opcode} takes in the AML stream: 1, or 2 for ExtOpPrefix opcodes. */
    public static int length(int opcode) {
        return isExtended(opcode) ? 2 : 1;
    }
}
