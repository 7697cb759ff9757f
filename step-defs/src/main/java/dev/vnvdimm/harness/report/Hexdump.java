package dev.vnvdimm.harness.report;

/** The classic 16-bytes-a-line hexdump, with offsets and ASCII, for table and label attachments. */
public final class Hexdump {
    private Hexdump() {
    }

    public static String of(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < bytes.length; line += 16) {
            sb.append(String.format("%08x  ", line));
            for (int i = 0; i < 16; i++) {
                sb.append(line + i < bytes.length ? String.format("%02x ", bytes[line + i] & 0xFF) : "   ");
                if (i == 7) {
                    sb.append(' ');
                }
            }
            sb.append(" |");
            for (int i = 0; i < 16 && line + i < bytes.length; i++) {
                int c = bytes[line + i] & 0xFF;
                sb.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
            }
            sb.append("|\n");
        }
        return sb.toString();
    }
}
