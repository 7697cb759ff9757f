package dev.vnvdimm.guest.ndctl;

/**
 * A plain hexdump for binary output on a text console ({@code read-labels} without {@code -j} or {@code -o}):
 * offset and bytes only, as the guest prints it; the harness's {@code report.Hexdump} is the classic one with
 * ASCII, for reports.
 */
final class Hexdump {
    private Hexdump() {
    }

    static String of(byte[] b, long base) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i += 16) {
            sb.append(String.format("%08x:", base + i));
            for (int k = i; k < Math.min(i + 16, b.length); k++) {
                sb.append(String.format(" %02x", b[k] & 0xFF));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
