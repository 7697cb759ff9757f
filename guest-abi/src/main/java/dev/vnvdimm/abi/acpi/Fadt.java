package dev.vnvdimm.abi.acpi;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Fixed ACPI Description Table, signature {@code FACP} (ACPI 6.4 §5.2.9), in its revision 1 form: the
 * 116-byte ACPI 1.0 layout that QEMU's {@code pc} machine emits (q35 emits revision 3, 244 bytes, with
 * 64-bit X_ fields). Revision 1 is enough here: the FACS and DSDT are below 4 GiB, every register block is
 * an I/O port, and Linux and Windows guests accept it.
 *
 * <p>The FADT is where the OS finds the FACS, the DSDT, the SCI interrupt and the fixed-hardware register
 * blocks — among them GPE0, whose status bit 4 QEMU raises on NVDIMM hot plug so that the DSDT's
 * {@code \_GPE._E04} notifies {@code \_SB.NVDR} (spec notes §7.1).
 */
public final class Fadt {

    public static final String SIGNATURE = "FACP";
    public static final int REVISION = 1;
    public static final int SIZE = 116;

    public static final int FIRMWARE_CTRL = 36;
    public static final int DSDT = 40;
    /** INT_MODEL in ACPI 1.0, reserved since 2.0. */
    public static final int INT_MODEL = 44;
    public static final int PREFERRED_PM_PROFILE = 45;
    public static final int SCI_INT = 46;
    public static final int SMI_CMD = 48;
    public static final int ACPI_ENABLE = 52;
    public static final int ACPI_DISABLE = 53;
    public static final int S4BIOS_REQ = 54;
    public static final int PSTATE_CNT = 55;
    public static final int PM1A_EVT_BLK = 56;
    public static final int PM1B_EVT_BLK = 60;
    public static final int PM1A_CNT_BLK = 64;
    public static final int PM1B_CNT_BLK = 68;
    public static final int PM2_CNT_BLK = 72;
    public static final int PM_TMR_BLK = 76;
    public static final int GPE0_BLK = 80;
    public static final int GPE1_BLK = 84;
    public static final int PM1_EVT_LEN = 88;
    public static final int PM1_CNT_LEN = 89;
    public static final int PM2_CNT_LEN = 90;
    public static final int PM_TMR_LEN = 91;
    public static final int GPE0_BLK_LEN = 92;
    public static final int GPE1_BLK_LEN = 93;
    public static final int GPE1_BASE = 94;
    public static final int CST_CNT = 95;
    public static final int P_LVL2_LAT = 96;
    public static final int P_LVL3_LAT = 98;
    public static final int FLUSH_SIZE = 100;
    public static final int FLUSH_STRIDE = 102;
    public static final int DUTY_OFFSET = 104;
    public static final int DUTY_WIDTH = 105;
    public static final int DAY_ALRM = 106;
    public static final int MON_ALRM = 107;
    public static final int CENTURY = 108;
    public static final int IAPC_BOOT_ARCH = 109;
    public static final int RESERVED = 111;
    public static final int FLAGS = 112;

    /** ACPI 1.0 INT_MODEL 1: multiple APIC (an I/O APIC and local APICs, described by the MADT). */
    public static final int INT_MODEL_MULTIPLE_APIC = 1;
    /** A latency above 100 µs (C2) or 1000 µs (C3) says the state is not supported. */
    public static final int C_STATE_NOT_SUPPORTED = 0xFFF;
    /** CMOS RTC register holding the century (the usual PC location). */
    public static final int RTC_CENTURY_REGISTER = 0x32;

    /** Fixed feature flags (ACPI 6.4 §5.2.9, "Fixed ACPI Description Table Fixed Feature Flags"). */
    public static final int FLAG_WBINVD = 1;
    public static final int FLAG_PROC_C1 = 1 << 2;
    public static final int FLAG_SLP_BUTTON = 1 << 5;
    public static final int FLAG_RTC_S4 = 1 << 7;
    public static final int FLAG_TMR_VAL_EXT = 1 << 8;

    /**
     * The fixed-hardware power-management registers the FADT publishes, all in I/O space.
     *
     * @param sciInterrupt     the SCI's legacy IRQ
     * @param smiCommand       port the OS writes {@code acpiEnable}/{@code acpiDisable} to
     * @param pm1aEventBlock   PM1a status+enable registers, {@code pm1EventLength} bytes
     * @param pm1aControlBlock PM1a control register, {@code pm1ControlLength} bytes
     * @param pmTimerBlock     the 4-byte ACPI PM timer
     * @param gpe0Block        GPE0 status then enable registers, {@code gpe0BlockLength} bytes in all
     */
    public record PmRegisters(int sciInterrupt, int smiCommand, int acpiEnable, int acpiDisable,
                              int pm1aEventBlock, int pm1EventLength, int pm1aControlBlock, int pm1ControlLength,
                              int pmTimerBlock, int gpe0Block, int gpe0BlockLength) {

        /**
         * QEMU's {@code pc} machine (PIIX4 PM function): SCI on IRQ 9, the PM base at I/O 0xB000 (PM1a event
         * 0xB000, control 0xB004, timer 0xB008), SMI command port 0xB2 with enable/disable values 0xF1/0xF0,
         * and the 4-byte GPE0 block at 0xAFE0 (status 0xAFE0–0xAFE1, enable 0xAFE2–0xAFE3; QEMU's hot-plug
         * GPE bits live here).
         */
        public static final PmRegisters PIIX4 = new PmRegisters(9, 0xB2, 0xF1, 0xF0,
                0xB000, 4, 0xB004, 2, 0xB008, 0xAFE0, 4);
    }

    private Fadt() {
    }

    /**
     * A revision 1 FADT with QEMU's header.
     *
     * @param facsAddress 32-bit address of the 64-byte aligned FACS (or its offset, for an ADD_POINTER to patch)
     * @param dsdtAddress 32-bit address of the DSDT (or its offset)
     */
    public static byte[] build(PmRegisters pm, long facsAddress, long dsdtAddress) {
        byte[] table = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(FIRMWARE_CTRL, u32("FIRMWARE_CTRL", facsAddress));
        b.putInt(DSDT, u32("DSDT", dsdtAddress));
        table[INT_MODEL] = INT_MODEL_MULTIPLE_APIC;
        b.putShort(SCI_INT, (short) pm.sciInterrupt());
        b.putInt(SMI_CMD, pm.smiCommand());
        table[ACPI_ENABLE] = (byte) pm.acpiEnable();
        table[ACPI_DISABLE] = (byte) pm.acpiDisable();
        b.putInt(PM1A_EVT_BLK, pm.pm1aEventBlock());
        b.putInt(PM1A_CNT_BLK, pm.pm1aControlBlock());
        b.putInt(PM_TMR_BLK, pm.pmTimerBlock());
        b.putInt(GPE0_BLK, pm.gpe0Block());
        table[PM1_EVT_LEN] = (byte) pm.pm1EventLength();
        table[PM1_CNT_LEN] = (byte) pm.pm1ControlLength();
        table[PM_TMR_LEN] = 4;
        table[GPE0_BLK_LEN] = (byte) pm.gpe0BlockLength();
        b.putShort(P_LVL2_LAT, (short) C_STATE_NOT_SUPPORTED);
        b.putShort(P_LVL3_LAT, (short) C_STATE_NOT_SUPPORTED);
        table[CENTURY] = RTC_CENTURY_REGISTER;
        // WBINVD works, C1 is supported, the sleep button is a control-method device, the RTC can wake
        // from S4, and the PM timer counts 32 bits.
        b.putInt(FLAGS, FLAG_WBINVD | FLAG_PROC_C1 | FLAG_SLP_BUTTON | FLAG_RTC_S4 | FLAG_TMR_VAL_EXT);
        return AcpiTableHeader.qemu(SIGNATURE, REVISION).seal(table);
    }

    private static int u32(String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " must fit in 32 bits: 0x" + Long.toHexString(value));
        }
        return (int) value;
    }
}
