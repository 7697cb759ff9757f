package dev.vnvdimm.harness.report;

import java.util.List;
import java.util.Locale;

/**
 * Draws a guest-physical memory map as an SVG: one row per region, a bar placed on a logarithmic address
 * ruler (so a 128 KiB label area and a 1 TiB window both stay visible), labelled with name, range and size.
 */
public final class MemoryMapPicture {
    /** One region to draw. */
    public record Box(String name, String kind, long base, long size) {
    }

    private static final int ROW = 26;
    private static final int LEFT = 230;
    private static final int WIDTH = 560;

    private MemoryMapPicture() {
    }

    public static String svg(List<Box> boxes) {
        double maxEnd = boxes.stream().mapToDouble(b -> position(b.base() + b.size())).max().orElse(1);
        int height = ROW * boxes.size() + 40;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "font-family='monospace' font-size='11'>%n", LEFT + WIDTH + 260, height));
        s.append("<text x='4' y='14' font-weight='bold'>guest-physical memory map (log scale)</text>\n");
        int y = 28;
        for (Box b : boxes) {
            double x0 = LEFT + WIDTH * position(b.base()) / maxEnd;
            double x1 = LEFT + WIDTH * position(b.base() + b.size()) / maxEnd;
            s.append(String.format(Locale.ROOT, "<text x='4' y='%d'>%s</text>%n", y + 14, escape(b.name())));
            s.append(String.format(Locale.ROOT,
                    "<rect x='%.1f' y='%d' width='%.1f' height='18' fill='%s' stroke='#333'/>%n",
                    x0, y + 2, Math.max(2, x1 - x0), colour(b.kind())));
            s.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>0x%x +%s</text>%n", LEFT + WIDTH + 8, y + 14,
                    b.base(), dev.vnvdimm.emulator.config.QemuSize.human(b.size())));
            y += ROW;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double position(long addr) {
        return Math.log1p(addr / 4096.0);
    }

    private static String colour(String kind) {
        return switch (kind) {
            case "RAM" -> "#9ecae1";
            case "DEVICE_MEMORY_WINDOW" -> "#eeeeee";
            case "NVDIMM_PMEM" -> "#fdae6b";
            case "PC_DIMM" -> "#a1d99b";
            default -> "#cccccc";
        };
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
