/*
 * One method per AML encoding: after each method's name and flags byte, its body starts with the bytes the
 * comment names, in order (AmlOpcode constants; PkgLength, NameSeg and byte stand for a PkgLength, a 4-byte
 * NameSeg and any one byte). Compiled with constant folding and name optimisation off, so each operator
 * reaches the AML as written: iasl -of -on -p aml-opcodes aml-opcodes.asl
 */
DefinitionBlock ("", "SSDT", 2, "VNVDMM", "OPCODES", 1)
{
    // iasl puts each External first in the table, inside If (Zero), and writes it as the flags and arg count say
    External (\EX00, IntObj)  // at the table's start: IF_OP PkgLength ZERO_OP EXTERNAL_OP ROOT_CHAR NameSeg byte byte METHOD_OP
    Method (M000, 0, Serialized) { Name (NM00, Zero) }  // NAME_OP NameSeg ZERO_OP
    Method (M001, 0, Serialized) { Name (NM01, One) }  // NAME_OP NameSeg ONE_OP
    Method (M002, 0, Serialized) { Name (NM02, Ones) }  // NAME_OP NameSeg ONES_OP
    Method (M003) { Return (0x12) }  // RETURN_OP BYTE_PREFIX
    Method (M004) { Return (0x1234) }  // RETURN_OP WORD_PREFIX
    Method (M005) { Return (0x12345678) }  // RETURN_OP DWORD_PREFIX
    Method (M006) { Return (0x123456789A) }  // RETURN_OP QWORD_PREFIX
    Method (M007) { Return ("a") }  // RETURN_OP STRING_PREFIX
    Method (M008) { Return (Buffer () {1}) }  // RETURN_OP BUFFER_OP PkgLength ONE_OP
    Method (M009) { Return (Package () {1}) }  // RETURN_OP PACKAGE_OP PkgLength ONE_OP ONE_OP
    Method (M010, 1) { Return (Package (Arg0) {1}) }  // RETURN_OP VAR_PACKAGE_OP PkgLength ARG0_OP ONE_OP
    Method (M011, 7) { Return (Arg6) }  // RETURN_OP ARG6_OP
    Method (M012) { Local7 = 1 }  // STORE_OP ONE_OP LOCAL7_OP
    Method (M013) { Local0 = 1 }  // STORE_OP ONE_OP LOCAL0_OP
    Method (M014) { Return (\NR00) }  // RETURN_OP ROOT_CHAR NameSeg
    Method (M015) { Return (\DV00.NR01) }  // RETURN_OP ROOT_CHAR DUAL_NAME_PREFIX NameSeg NameSeg
    Method (M016) { Return (\DV00.DV01.NR02) }  // RETURN_OP ROOT_CHAR MULTI_NAME_PREFIX byte NameSeg
    Method (M017) { Return (RefOf (NR00)) }  // RETURN_OP REF_OF_OP NameSeg
    Method (M018) { Return (Add (1, 1)) }  // RETURN_OP ADD_OP ONE_OP ONE_OP NULL_NAME
    Method (M019) { Return (Concatenate ("a", "b")) }  // RETURN_OP CONCAT_OP
    Method (M020) { Return (Subtract (1, 1)) }  // RETURN_OP SUBTRACT_OP
    Method (M021) { Increment (NR00) }  // INCREMENT_OP NameSeg
    Method (M022) { Decrement (NR00) }  // DECREMENT_OP NameSeg
    Method (M023) { Return (Multiply (1, 1)) }  // RETURN_OP MULTIPLY_OP
    Method (M024) { Return (Divide (1, 1)) }  // RETURN_OP DIVIDE_OP
    Method (M025) { Return (ShiftLeft (1, 1)) }  // RETURN_OP SHIFT_LEFT_OP
    Method (M026) { Return (ShiftRight (1, 1)) }  // RETURN_OP SHIFT_RIGHT_OP
    Method (M027) { Return (And (1, 1)) }  // RETURN_OP AND_OP
    Method (M028) { Return (NAnd (1, 1)) }  // RETURN_OP NAND_OP
    Method (M029) { Return (Or (1, 1)) }  // RETURN_OP OR_OP
    Method (M030) { Return (NOr (1, 1)) }  // RETURN_OP NOR_OP
    Method (M031) { Return (Xor (1, 1)) }  // RETURN_OP XOR_OP
    Method (M032) { Return (Not (1)) }  // RETURN_OP NOT_OP
    Method (M033) { Return (FindSetLeftBit (1)) }  // RETURN_OP FIND_SET_LEFT_BIT_OP
    Method (M034) { Return (FindSetRightBit (1)) }  // RETURN_OP FIND_SET_RIGHT_BIT_OP
    Method (M035) { Return (DerefOf (RefOf (NR00))) }  // RETURN_OP DEREF_OF_OP REF_OF_OP
    Method (M036) { Return (ConcatenateResTemplate (BF00, BF00)) }  // RETURN_OP CONCAT_RES_OP
    Method (M037) { Return (Mod (1, 1)) }  // RETURN_OP MOD_OP
    Method (M038) { Notify (\DV00, 0x80) }  // NOTIFY_OP ROOT_CHAR NameSeg BYTE_PREFIX
    Method (M039) { Return (SizeOf (BF00)) }  // RETURN_OP SIZE_OF_OP NameSeg
    Method (M040) { Return (Index (BF00, 0)) }  // RETURN_OP INDEX_OP NameSeg ZERO_OP NULL_NAME
    Method (M041) { Return (Match (PK00, MEQ, 1, MTR, 0, 0)) }  // RETURN_OP MATCH_OP NameSeg
    Method (M042) { CreateDWordField (BF00, 0, DW00) }  // CREATE_DWORD_FIELD_OP NameSeg ZERO_OP NameSeg
    Method (M043) { CreateWordField (BF00, 0, WD00) }  // CREATE_WORD_FIELD_OP
    Method (M044) { CreateByteField (BF00, 0, BY00) }  // CREATE_BYTE_FIELD_OP
    Method (M045) { CreateBitField (BF00, 0, BT00) }  // CREATE_BIT_FIELD_OP
    Method (M046) { Return (ObjectType (NR00)) }  // RETURN_OP OBJECT_TYPE_OP
    Method (M047) { CreateQWordField (BF00, 0, QW00) }  // CREATE_QWORD_FIELD_OP
    Method (M048) { Return (LAnd (1, 1)) }  // RETURN_OP LAND_OP
    Method (M049) { Return (LOr (1, 1)) }  // RETURN_OP LOR_OP
    Method (M050) { Return (LNot (1)) }  // RETURN_OP LNOT_OP
    Method (M051) { Return (LEqual (1, 1)) }  // RETURN_OP LEQUAL_OP
    Method (M052) { Return (LGreater (1, 1)) }  // RETURN_OP LGREATER_OP
    Method (M053) { Return (LLess (1, 1)) }  // RETURN_OP LLESS_OP
    Method (M054) { Return (LNotEqual (1, 1)) }  // RETURN_OP LNOT_OP LEQUAL_OP
    Method (M055) { Return (ToBuffer (1)) }  // RETURN_OP TO_BUFFER_OP
    Method (M056) { Return (ToDecimalString (1)) }  // RETURN_OP TO_DECIMAL_STRING_OP
    Method (M057) { Return (ToHexString (1)) }  // RETURN_OP TO_HEX_STRING_OP
    Method (M058) { Return (ToInteger (1)) }  // RETURN_OP TO_INTEGER_OP
    Method (M059) { Return (ToString (BF00, Ones)) }  // RETURN_OP TO_STRING_OP
    Method (M060) { CopyObject (1, Local0) }  // COPY_OBJECT_OP ONE_OP LOCAL0_OP
    Method (M061) { Return (Mid ("ab", 0, 1)) }  // RETURN_OP MID_OP
    Method (M062) { While (1) { Continue } }  // WHILE_OP PkgLength ONE_OP CONTINUE_OP
    Method (M063) { If (1) { Noop } Else { Noop } }  // IF_OP PkgLength ONE_OP NOOP_OP ELSE_OP PkgLength NOOP_OP
    Method (M064) { While (1) { Break } }  // WHILE_OP PkgLength ONE_OP BREAK_OP
    Method (M065) { BreakPoint }  // BREAK_POINT_OP
    Method (M066, 0, Serialized) { Mutex (MX00, 0) }  // MUTEX_OP NameSeg byte
    Method (M067, 0, Serialized) { Event (EV00) }  // EVENT_OP NameSeg
    Method (M068) { Return (CondRefOf (NR00)) }  // RETURN_OP COND_REF_OF_OP NameSeg NULL_NAME
    Method (M069) { CreateField (BF00, 0, 8, CF00) }  // CREATE_FIELD_OP NameSeg ZERO_OP BYTE_PREFIX
    Method (M070) { Return (LoadTable ("OEM1", "", "")) }  // RETURN_OP LOAD_TABLE_OP
    Method (M071) { Load (BF00, Local0) }  // LOAD_OP NameSeg LOCAL0_OP
    Method (M072) { Stall (1) }  // STALL_OP ONE_OP
    Method (M073) { Sleep (1) }  // SLEEP_OP ONE_OP
    Method (M074) { Return (Acquire (\MX01, 0xFFFF)) }  // RETURN_OP ACQUIRE_OP ROOT_CHAR NameSeg
    Method (M075) { Signal (\EV01) }  // SIGNAL_OP ROOT_CHAR NameSeg
    Method (M076) { Return (Wait (\EV01, 1)) }  // RETURN_OP WAIT_OP ROOT_CHAR NameSeg ONE_OP
    Method (M077) { Reset (\EV01) }  // RESET_OP ROOT_CHAR NameSeg
    Method (M078) { Release (\MX01) }  // RELEASE_OP ROOT_CHAR NameSeg
    Method (M079) { Return (FromBCD (1)) }  // RETURN_OP FROM_BCD_OP ONE_OP NULL_NAME
    Method (M080) { Return (ToBCD (1)) }  // RETURN_OP TO_BCD_OP ONE_OP NULL_NAME
    Method (M081) { Return (Revision) }  // RETURN_OP REVISION_OP
    Method (M082) { Debug = 1 }  // STORE_OP ONE_OP DEBUG_OP
    Method (M083) { Fatal (1, 2, 3) }  // FATAL_OP ONE_OP
    Method (M084) { Return (Timer) }  // RETURN_OP TIMER_OP
    Method (M085, 0, Serialized) { OperationRegion (RG00, SystemIO, 0x80, 4) }  // OP_REGION_OP NameSeg byte BYTE_PREFIX
    Method (M086, 0, Serialized) { Field (\RG01, ByteAcc, NoLock, Preserve) { Offset (1), FL00, 8 } }  // FIELD_OP PkgLength ROOT_CHAR NameSeg byte RESERVED_FIELD
    Method (M087, 0, Serialized) { Field (\RG01, ByteAcc, NoLock, Preserve) { AccessAs (WordAcc), FL01, 16 } }  // FIELD_OP PkgLength ROOT_CHAR NameSeg byte ACCESS_FIELD
    Method (M088, 0, Serialized) { Device (DV10) {} }  // DEVICE_OP PkgLength NameSeg
    Method (M089, 0, Serialized) { PowerResource (PR00, 0, 0) {} }  // POWER_RES_OP PkgLength NameSeg
    Method (M090, 0, Serialized) { ThermalZone (TZ00) {} }  // THERMAL_ZONE_OP PkgLength NameSeg
    Method (M091, 0, Serialized) { IndexField (\IX01, \DT01, ByteAcc, NoLock, Preserve) { IF00, 8 } }  // INDEX_FIELD_OP PkgLength ROOT_CHAR NameSeg ROOT_CHAR NameSeg
    Method (M092, 0, Serialized) { BankField (\RG01, \BK01, 0, ByteAcc, NoLock, Preserve) { BF01, 8 } }  // BANK_FIELD_OP PkgLength ROOT_CHAR NameSeg ROOT_CHAR NameSeg ZERO_OP
    Method (M093, 0, Serialized) { DataTableRegion (DR00, "DSDT", "", "") }  // DATA_REGION_OP NameSeg STRING_PREFIX
    Method (M094, 0, Serialized) { Alias (\NR00, AL00) }  // ALIAS_OP ROOT_CHAR NameSeg NameSeg
    Method (M096, 0, Serialized) { Scope (\) { Name (SC00, 1) } }  // SCOPE_OP PkgLength ROOT_CHAR NULL_NAME NAME_OP
    Method (M097) { Return (\EX00) }  // RETURN_OP ROOT_CHAR NameSeg
    Method (M099, 0, Serialized) { Field (\SB00, BufferAcc, NoLock, Preserve) { Connection (\RT00), AccessAs (BufferAcc, AttribRawBytes (4)), FSB0, 8 } }  // FIELD_OP PkgLength ROOT_CHAR NameSeg byte CONNECT_FIELD ROOT_CHAR NameSeg EXTENDED_ACCESS_FIELD
    Method (M095, 1) { Return (Arg0 [0]) }  // RETURN_OP INDEX_OP ARG0_OP ZERO_OP NULL_NAME

    Name (NR00, 1)
    Name (BF00, Buffer (8) {0x79, 0})
    Name (PK00, Package () {1})
    Mutex (MX01, 0)
    Event (EV01)
    OperationRegion (RG01, SystemIO, 0x80, 4)
    Field (RG01, ByteAcc, NoLock, Preserve) { IX01, 8, DT01, 8, BK01, 8 }
    Name (RT00, ResourceTemplate () { I2cSerialBusV2 (0x50, ControllerInitiated, 100000, AddressingMode7Bit, "\\I2C0", 0, ResourceConsumer, , Exclusive, ) })
    OperationRegion (SB00, GenericSerialBus, 0, 0x100)
    Device (DV00)
    {
        Name (NR01, 1)
        Method (M098) { Return (^NR01) }  // RETURN_OP PARENT_PREFIX_CHAR NameSeg
        Device (DV01) { Name (NR02, 1) }
    }
}
