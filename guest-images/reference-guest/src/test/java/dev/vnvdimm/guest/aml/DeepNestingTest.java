package dev.vnvdimm.guest.aml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vnvdimm.abi.acpi.AcpiTableHeader;
import dev.vnvdimm.abi.aml.PkgLength;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * AML nested deeper than the Java stack reaches — in module-level code, a method body, nested Scopes, Ifs and
 * Packages — is an AML error ({@code AE_AML_METHOD_LIMIT}), never a {@link StackOverflowError}. The fuzz test's
 * inputs are a few KiB, too short to nest this deep, so these tables are built here.
 */
class DeepNestingTest {
    private static final int DEPTH = 100_000;
    private static final int SCOPE_OP = 0x10;
    private static final int IF_OP = 0xA0;
    private static final int PACKAGE_OP = 0x12;
    private static final int ADD_OP = 0x72;

    @Test
    void aDeepExpressionAtLoadIsAnAmlError() {
        assertThat(loadError(nestedAdd())).isEqualTo("AE_AML_METHOD_LIMIT");
    }

    @Test
    void aDeepExpressionInAMethodIsAnAmlErrorOfTheCall() {
        AmlInterpreter interp = new AmlInterpreter(new FuzzAmlPlatform());
        interp.load(dsdt(method("MAIN", nestedAdd())));
        Throwable t = catchThrowable(() -> interp.evaluate("\\MAIN"));
        assertThat(t).isInstanceOf(AmlException.class);
        assertThat(((AmlException) t).status()).isEqualTo("AE_AML_METHOD_LIMIT");
    }

    @Test
    void deeplyNestedScopesAreAnAmlError() {
        assertThat(loadError(nested(SCOPE_OP, new byte[] {0x5C, 0x00}, new byte[0]))).isEqualTo("AE_AML_METHOD_LIMIT");
    }

    @Test
    void deeplyNestedIfsInAMethodAreAnAmlErrorOfTheCall() {
        AmlInterpreter interp = new AmlInterpreter(new FuzzAmlPlatform());
        interp.load(dsdt(method("MAIN", nested(IF_OP, new byte[] {0x01}, new byte[0]))));
        Throwable t = catchThrowable(() -> interp.evaluate("\\MAIN"));
        assertThat(t).isInstanceOf(AmlException.class);
        assertThat(((AmlException) t).status()).isEqualTo("AE_AML_METHOD_LIMIT");
    }

    @Test
    void deeplyNestedPackagesAreAnAmlError() {
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        name.write(0x08); // NameOp
        name.writeBytes("PKG0".getBytes(StandardCharsets.US_ASCII));
        name.writeBytes(nested(PACKAGE_OP, new byte[] {0x01}, new byte[] {0x01}));
        assertThat(loadError(name.toByteArray())).isEqualTo("AE_AML_METHOD_LIMIT");
    }

    /** The status of the AmlException loading a DSDT of {@code aml} throws; fails on anything else. */
    private static String loadError(byte[] aml) {
        Throwable t = catchThrowable(() -> new AmlInterpreter(new FuzzAmlPlatform()).load(dsdt(aml)));
        assertThat(t).isInstanceOf(AmlException.class);
        return ((AmlException) t).status();
    }

    /** {@code Add (Add (... Add (One, One) ..., One), One)}, DEPTH deep, results discarded. */
    private static byte[] nestedAdd() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < DEPTH; i++) {
            b.write(ADD_OP);
        }
        b.write(0x01);
        for (int i = 0; i < DEPTH; i++) {
            b.write(0x01);
            b.write(0x00); // NullName: no target
        }
        return b.toByteArray();
    }

    /** {@code op PkgLength head op PkgLength head ... innermost}, DEPTH deep: each level's body is the next. */
    private static byte[] nested(int op, byte[] head, byte[] innermost) {
        int[] length = new int[DEPTH + 1];
        length[0] = innermost.length;
        for (int i = 1; i <= DEPTH; i++) {
            int body = head.length + length[i - 1];
            length[i] = 1 + PkgLength.forBody(body).length + body;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = DEPTH; i >= 1; i--) {
            b.write(op);
            b.writeBytes(PkgLength.forBody(head.length + length[i - 1]));
            b.writeBytes(head);
        }
        b.writeBytes(innermost);
        return b.toByteArray();
    }

    private static byte[] method(String name, byte[] body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        m.write(0); // no arguments, not serialized
        m.writeBytes(body);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x14); // MethodOp
        b.writeBytes(PkgLength.forBody(m.size()));
        b.writeBytes(m.toByteArray());
        return b.toByteArray();
    }

    private static byte[] dsdt(byte[] aml) {
        byte[] t = new byte[AcpiTableHeader.SIZE + aml.length];
        System.arraycopy(aml, 0, t, AcpiTableHeader.SIZE, aml.length);
        return AcpiTableHeader.qemu("DSDT", 2).seal(t);
    }
}
