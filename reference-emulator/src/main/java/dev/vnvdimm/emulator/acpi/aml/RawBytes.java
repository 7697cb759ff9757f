package dev.vnvdimm.emulator.acpi.aml;

/** Bytes written as they are: ByteData, WordData, a ByteList, the digits after an integer prefix. */
final class RawBytes implements AmlTerm {

    private final byte[] bytes;

    RawBytes(byte... bytes) {
        this.bytes = bytes.clone();
    }

    /** The low {@code width} bytes of {@code value}, little-endian. */
    static RawBytes littleEndian(long value, int width) {
        byte[] b = new byte[width];
        for (int i = 0; i < width; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return new RawBytes(b);
    }

    @Override
    public int length() {
        return bytes.length;
    }

    @Override
    public void writeTo(AmlWriter out) {
        out.writeBytes(bytes);
    }
}
