package dev.vnvdimm.emulator.acpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.aml.AmlOpcode;
import dev.vnvdimm.abi.aml.PkgLength;
import dev.vnvdimm.abi.dsm.DsmNotifyPort;
import dev.vnvdimm.abi.dsm.DsmPage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SSDT's view of the DSM page agrees with the page layout the handler and the guest use: the Field
 * declarations on NRAM and NPIO, decoded from the built table, put each unit at the page offset and width the ABI
 * names. This is the check QEMU makes at compile time by sizing its AML fields from {@code NvdimmDsmIn/Out}.
 */
class NvdimmSsdtDsmPageTest {
    private static final int DWORD_ACC = 3;

    /** One unit of a FieldList, in bits as AML counts them. */
    record FieldUnit(String name, int bitOffset, int bitWidth, int accessType) {
    }

    private final byte[] ssdt = new NvdimmSsdt(3).build().bytes();

    @Test
    void theRequestFieldsAreNvdimmDsmIn() {
        List<List<FieldUnit>> views = fieldsOn("NRAM");

        assertThat(views).hasSize(2);
        assertThat(views.get(0)).containsExactly(
                unit("HDLE", DsmPage.HANDLE, DsmPage.REVISION),
                unit("REVS", DsmPage.REVISION, DsmPage.FUNCTION),
                unit("FUNC", DsmPage.FUNCTION, DsmPage.ARG3),
                unit("FARG", DsmPage.ARG3, DsmPage.SIZE));
    }

    @Test
    void theReplyFieldsAreNvdimmDsmOut() {
        assertThat(fieldsOn("NRAM").get(1)).containsExactly(
                unit("RLEN", DsmPage.LENGTH, DsmPage.OUTPUT),
                unit("ODAT", DsmPage.OUTPUT, DsmPage.SIZE));
    }

    @Test
    void theNotifyFieldIsAsWideAsThePort() {
        assertThat(fieldsOn("NPIO")).containsExactly(List.of(unit("NTFI", 0, DsmNotifyPort.LENGTH)));
    }

    /** A DWordAcc unit spanning page bytes [from, to). */
    private static FieldUnit unit(String name, int from, int to) {
        return new FieldUnit(name, from * Byte.SIZE, (to - from) * Byte.SIZE, DWORD_ACC);
    }

    /** Every {@code Field (region, ...)} in the table, in order, each as its list of units. */
    private List<List<FieldUnit>> fieldsOn(String region) {
        List<List<FieldUnit>> fields = new ArrayList<>();
        for (int at = 0; at + 1 < ssdt.length; at++) {
            if ((ssdt[at] & 0xFF) == AmlOpcode.EXT_OP_PREFIX && (ssdt[at + 1] & 0xFF) == (AmlOpcode.FIELD_OP & 0xFF)) {
                int pkg = at + 2;
                int nameAt = pkg + PkgLength.encodedLength(ssdt, pkg);
                if (nameSeg(nameAt).equals(region)) {
                    fields.add(fieldList(ssdt[nameAt + 4] & 0x0F, nameAt + 5, pkg + PkgLength.decode(ssdt, pkg)));
                }
            }
        }
        return fields;
    }

    /** A FieldList (ACPI 6.4 §20.2.5.2): named and reserved units and access-type changes, up to {@code end}. */
    private List<FieldUnit> fieldList(int accessType, int at, int end) {
        List<FieldUnit> units = new ArrayList<>();
        int bit = 0;
        int access = accessType;
        while (at < end) {
            int lead = ssdt[at] & 0xFF;
            if (lead == AmlOpcode.RESERVED_FIELD) {
                bit += PkgLength.decode(ssdt, at + 1);
                at += 1 + PkgLength.encodedLength(ssdt, at + 1);
            } else if (lead == AmlOpcode.ACCESS_FIELD) {
                access = ssdt[at + 1] & 0x0F;
                at += 3;
            } else {
                int width = PkgLength.decode(ssdt, at + 4);
                units.add(new FieldUnit(nameSeg(at), bit, width, access));
                bit += width;
                at += 4 + PkgLength.encodedLength(ssdt, at + 4);
            }
        }
        return units;
    }

    private String nameSeg(int at) {
        return new String(ssdt, at, Math.min(4, ssdt.length - at), StandardCharsets.US_ASCII);
    }
}
