package dev.vnvdimm.guest.labels;

/**
 * The 128 KiB label area a fuzz input stands for: the input from offset 0, the rest zeros (as on a fresh DIMM),
 * and, for an input over 3 KiB, its last KiB again at the area's end, so that labels in the far slots — read by a
 * probe with a chunk of their own — are reached by inputs of a few KiB.
 */
public final class FuzzedLabelArea {
    public static final int SIZE = 128 * 1024;
    private static final int TAIL = 1024;

    private FuzzedLabelArea() {
    }

    public static byte[] image(byte[] input) {
        byte[] image = new byte[SIZE];
        System.arraycopy(input, 0, image, 0, Math.min(input.length, SIZE));
        if (input.length > 3 * TAIL && input.length <= SIZE - TAIL) {
            System.arraycopy(input, input.length - TAIL, image, SIZE - TAIL, TAIL);
        }
        return image;
    }
}
