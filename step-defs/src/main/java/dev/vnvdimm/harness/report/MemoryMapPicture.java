package dev.vnvdimm.harness.report;

import dev.vnvdimm.abi.qemu.QemuSize;
import dev.vnvdimm.harness.targets.MachineUnderTest.MemoryRegion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a guest-physical memory map as an SVG in two parts: every region as a row (name, range, size, a bar
 * whose length grows with the logarithm of the size so a 2 MiB DIMM and a 4 GiB window both show), and the
 * device-memory window drawn to scale with the DIMMs where they sit in it — the picture that shows slots,
 * first-fit placement and gaps at a glance.
 */
public final class MemoryMapPicture {
    private static final int ROW = 22;
    private static final int WIDTH = 900;
    private static final int BAR_X = 470;
    private static final int BAR_MAX = 400;

    private MemoryMapPicture() {
    }

    public static String svg(List<MemoryRegion> regions) {
        MemoryRegion window = regions.stream().filter(b -> b.kind().equals("DEVICE_MEMORY_WINDOW")).findFirst()
                .orElse(null);
        List<MemoryRegion> dimms = new ArrayList<>(regions.stream()
                .filter(b -> b.kind().equals("NVDIMM_PMEM") || b.kind().equals("PC_DIMM")).toList());
        int height = 30 + ROW * regions.size() + (window == null ? 10 : 110);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='monospace' font-size='12'>%n",
                WIDTH, height));
        s.append("<rect width='100%' height='100%' fill='white'/>\n");
        s.append("<text x='6' y='16' font-weight='bold'>guest-physical memory map</text>\n");
        int y = 30;
        double maxLog = regions.stream().mapToDouble(b -> Math.log(Math.max(2, b.size()))).max().orElse(1);
        for (MemoryRegion b : regions) {
            s.append(String.format(Locale.ROOT, "<text x='6' y='%d'>%s</text>%n", y + 14, escape(b.name())));
            s.append(String.format(Locale.ROOT, "<text x='150' y='%d'>0x%09x-0x%09x</text>%n", y + 14, b.base(),
                    b.base() + b.size() - 1));
            s.append(String.format(Locale.ROOT, "<text x='390' y='%d'>%s</text>%n", y + 14, QemuSize.human(b.size())));
            double len = BAR_MAX * Math.log(Math.max(2, b.size())) / maxLog;
            s.append(String.format(Locale.ROOT,
                    "<rect x='%d' y='%d' width='%.1f' height='14' fill='%s' stroke='#555'/>%n",
                    BAR_X, y + 3, len, colour(b.kind())));
            y += ROW;
        }
        if (window != null) {
            y += 14;
            s.append(String.format(Locale.ROOT,
                    "<text x='6' y='%d' font-weight='bold'>device-memory window, to scale (%s)</text>%n", y,
                    QemuSize.human(window.size())));
            y += 10;
            int x0 = 6;
            int w = WIDTH - 12;
            s.append(String.format(Locale.ROOT,
                    "<rect x='%d' y='%d' width='%d' height='30' fill='%s' stroke='#555'/>%n", x0, y, w,
                    colour(window.kind())));
            int labelRow = 0;
            for (MemoryRegion d : dimms) {
                double dx = x0 + w * (double) (d.base() - window.base()) / window.size();
                double dw = Math.max(2, w * (double) d.size() / window.size());
                s.append(String.format(Locale.ROOT,
                        "<rect x='%.1f' y='%d' width='%.1f' height='30' fill='%s' stroke='#333'/>%n", dx, y, dw,
                        colour(d.kind())));
                s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d'>%s @0x%x</text>%n", dx,
                        y + 46 + 14 * (labelRow++ % 3), escape(d.name()), d.base()));
            }
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String colour(String kind) {
        return switch (kind) {
            case "RAM" -> "#9ecae1";
            case "DEVICE_MEMORY_WINDOW" -> "#f0f0f0";
            case "NVDIMM_PMEM" -> "#fdae6b";
            case "PC_DIMM" -> "#a1d99b";
            default -> "#cccccc";
        };
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
