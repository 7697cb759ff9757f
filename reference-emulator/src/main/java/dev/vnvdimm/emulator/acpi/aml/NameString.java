package dev.vnvdimm.emulator.acpi.aml;

import dev.vnvdimm.abi.aml.AmlOpcode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A namespace path as written in ASL ({@code "\_SB.NVDR"}, {@code "^^PCI0.S08"}, {@code "LEN"}) and its AML
 * NameString encoding (ACPI 6.4 §20.2.2, "Name Objects Encoding"):
 * <ul>
 *   <li>an optional RootChar {@code '\'} (0x5C) or any number of ParentPrefixChar {@code '^'} (0x5E);</li>
 *   <li>then the NamePath: NullName (0x00) for no segment, one NameSeg, DualNamePrefix (0x2E) and two NameSegs,
 *       or MultiNamePrefix (0x2F), a segment count byte and that many NameSegs;</li>
 *   <li>each NameSeg is exactly four characters, a LeadNameChar ({@code A-Z _}) then NameChars
 *       ({@code A-Z 0-9 _}); shorter ASL names are padded with {@code '_'} as iasl does ("LEN" is "LEN_").</li>
 * </ul>
 * It is also the term that refers to a named object, e.g. a method call without arguments.
 */
public final class NameString implements AmlTerm {

    private final String path;
    private final byte[] encoded;

    private NameString(String path, byte[] encoded) {
        this.path = path;
        this.encoded = encoded;
    }

    /** Parses an ASL path; rejects empty segments, segments over four characters and characters outside A-Z 0-9 _. */
    public static NameString of(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        if (path.startsWith("\\")) {
            out.write(AmlOpcode.ROOT_CHAR);
            i = 1;
        } else {
            while (i < path.length() && path.charAt(i) == '^') {
                out.write(AmlOpcode.PARENT_PREFIX_CHAR);
                i++;
            }
        }
        String rest = path.substring(i);
        List<byte[]> segments = new ArrayList<>();
        if (!rest.isEmpty()) {
            for (String seg : rest.split("\\.", -1)) {
                segments.add(nameSeg(seg, path));
            }
        } else if (i == 0 || path.charAt(0) == '^') {
            throw new IllegalArgumentException("Name path has no name segment: '" + path + "'");
        }
        switch (segments.size()) {
            case 0 -> out.write(AmlOpcode.NULL_NAME);
            case 1 -> { }
            case 2 -> out.write(AmlOpcode.DUAL_NAME_PREFIX);
            default -> {
                if (segments.size() > 0xFF) {
                    throw new IllegalArgumentException("Name path has more than 255 segments: '" + path + "'");
                }
                out.write(AmlOpcode.MULTI_NAME_PREFIX);
                out.write(segments.size());
            }
        }
        segments.forEach(out::writeBytes);
        return new NameString(path, out.toByteArray());
    }

    /** The four bytes of one NameSeg, padded with '_' (§20.2.2 NameSeg). */
    public static byte[] nameSeg(String segment) {
        return nameSeg(segment, segment);
    }

    private static byte[] nameSeg(String seg, String path) {
        if (seg.isEmpty() || seg.length() > 4) {
            throw new IllegalArgumentException(
                    "Name segment must be 1 to 4 characters: '" + seg + "' in '" + path + "'");
        }
        for (int k = 0; k < seg.length(); k++) {
            char c = seg.charAt(k);
            boolean lead = (c >= 'A' && c <= 'Z') || c == '_';
            if (!(lead || (k > 0 && c >= '0' && c <= '9'))) {
                throw new IllegalArgumentException("Invalid character '" + c + "' in name segment '" + seg
                        + "' of '" + path + "' (LeadNameChar is A-Z or _, NameChar adds 0-9)");
            }
        }
        String padded = (seg + "___").substring(0, 4);
        return padded.getBytes(StandardCharsets.US_ASCII);
    }

    /** The path as it was written in ASL. */
    public String path() {
        return path;
    }

    @Override
    public int length() {
        return encoded.length;
    }

    @Override
    public void writeTo(AmlWriter out) {
        out.writeBytes(encoded);
    }

    @Override
    public String toString() {
        return path;
    }
}
