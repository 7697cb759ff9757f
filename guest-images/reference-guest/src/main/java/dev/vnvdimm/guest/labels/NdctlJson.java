package dev.vnvdimm.guest.labels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

/**
 * The JSON ndctl 76.1 prints for labels and raw namespaces, member names and order as in its output,
 * integers in decimal (64-bit label fields as signed 64-bit numbers, as json-c holds them), printed with
 * json-c's pretty layout ({@link JsonCPrettyPrinter}) and its escaping, which also escapes {@code /}.
 * One item prints as a bare object, several as an array (ndctl's list display).
 */
public final class NdctlJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new JsonCPrettyPrinter())
            .with(new JsonCEscapes());
    private static final UUID NIL = new UUID(0, 0);

    private NdctlJson() {
    }

    /** One DIMM's {@code ndctl read-labels nmemX -j} object. */
    public static ObjectNode readLabels(String dev, LabelDump dump) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("dev", dev);
        ArrayNode index = o.putArray("index");
        for (NamespaceIndex ix : dump.index()) {
            ObjectNode j = index.addObject();
            j.put("signature", ix.signature());
            j.put("major", ix.major());
            j.put("minor", ix.minor());
            j.put("labelsize", 128 << Math.min(ix.labelSizeCode(), 24));
            j.put("seq", ix.seq());
            j.put("nslot", ix.nslot());
        }
        ArrayNode labels = o.putArray("label");
        for (NamespaceLabel l : dump.labels()) {
            ObjectNode j = labels.addObject();
            j.put("uuid", l.uuid().toString());
            j.put("name", l.name());
            j.put("slot", l.slot());
            j.put("position", l.position());
            j.put("nlabel", l.nlabel());
            j.put("flags", l.flags());
            j.put("isetcookie", l.isetCookie());
            j.put("lbasize", l.lbaSize());
            j.put("dpa", l.dpa());
            j.put("rawsize", l.rawSize());
            if (l.version() == LabelVersion.V1_2) {
                j.put("type_guid", NamespaceLabel.rawGuidText(l.typeGuid()));
                j.put("abstraction_guid", NamespaceLabel.rawGuidText(l.abstractionGuid()));
            }
        }
        return o;
    }

    /**
     * A raw namespace as {@code ndctl list -N} (sizes in bytes) or {@code create-namespace} ({@code human}
     * sizes such as {@code "32.00 MiB (33.55 MB)"}) shows it: dev, mode, size, uuid, sector_size, blockdev,
     * then name if it has one. The label UUID is the namespace UUID for raw namespaces.
     */
    public static ObjectNode rawNamespace(Namespace ns, String dev, String blockdev, boolean human) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("dev", dev);
        o.put("mode", "raw");
        putSize(o, "size", ns.size(), human);
        o.put("uuid", ns.uuid().toString());
        o.put("sector_size", ns.sectorSize());
        o.put("blockdev", blockdev);
        if (!ns.name().isEmpty()) {
            o.put("name", ns.name());
        }
        return o;
    }

    /** The namespace of a label-less (or not yet labelled) region: raw, the whole region, no UUID. */
    public static ObjectNode labelLessNamespace(String dev, long size, String blockdev) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("dev", dev);
        o.put("mode", "raw");
        o.put("size", size);
        o.put("sector_size", 512);
        o.put("blockdev", blockdev);
        return o;
    }

    /** The idle seed namespace of a labelled region ({@code ndctl list -N -i}). */
    public static ObjectNode seedNamespace(String dev) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("dev", dev);
        o.put("mode", "raw");
        o.put("size", 0);
        o.put("uuid", NIL.toString());
        o.put("sector_size", 512);
        o.put("state", "disabled");
        return o;
    }

    /** {@code ndctl -v} adds the NUMA nodes after the other members. */
    public static ObjectNode withNuma(ObjectNode namespace, int numaNode, int targetNode) {
        namespace.put("numa_node", numaNode);
        namespace.put("target_node", targetNode);
        return namespace;
    }

    private static void putSize(ObjectNode o, String field, long bytes, boolean human) {
        String h = human ? humanSize(bytes) : null;
        if (h == null) {
            o.put(field, bytes);
        } else {
            o.put(field, h);
        }
    }

    /**
     * ndctl's human size: below 5000 bytes a plain number ({@code null} here), then binary and decimal units
     * side by side, each rounded half up to two decimals: MiB/MB below 2 GiB, GiB/GB below 2 TiB, else TiB/TB.
     */
    public static String humanSize(long bytes) {
        if (bytes < 5000) {
            return null;
        }
        String[] units;
        int binShift;
        long decimal;
        if (bytes < 2L << 30) {
            units = new String[] {"MiB", "MB"};
            binShift = 20;
            decimal = 1_000_000L;
        } else if (bytes < 2L << 40) {
            units = new String[] {"GiB", "GB"};
            binShift = 30;
            decimal = 1_000_000_000L;
        } else {
            units = new String[] {"TiB", "TB"};
            binShift = 40;
            decimal = 1_000_000_000_000L;
        }
        BigInteger b = BigInteger.valueOf(bytes);
        long cBin = b.multiply(BigInteger.valueOf(200)).shiftRight(binShift).add(BigInteger.ONE)
                .shiftRight(1).longValueExact();
        long cDec = (bytes / (decimal / 200) + 1) / 2;
        return String.format("%d.%02d %s (%d.%02d %s)", cBin / 100, cBin % 100, units[0],
                cDec / 100, cDec % 100, units[1]);
    }

    /** One item prints as itself, several as an array. */
    public static JsonNode display(List<? extends JsonNode> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        ArrayNode a = MAPPER.createArrayNode();
        items.forEach(a::add);
        return a;
    }

    /** The text ndctl prints (without the final newline). */
    public static String print(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** json-c escapes {@code /} as {@code \/}; everything else as Jackson's standard escapes. */
    private static final class JsonCEscapes extends CharacterEscapes {
        private final int[] table;
        private static final SerializableString SLASH = new SerializedString("\\/");

        JsonCEscapes() {
            table = standardAsciiEscapesForJSON();
            table['/'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '/' ? SLASH : null;
        }
    }
}
