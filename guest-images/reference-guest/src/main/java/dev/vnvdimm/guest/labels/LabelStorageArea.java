package dev.vnvdimm.guest.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The label storage area of one NVDIMM (UEFI 2.7 "Label Storage Area Description": index block 0, index
 * block 1, then the label slots) behind a {@link LabelStore}, with the label operations of Linux and
 * ndctl 76.1. Every transfer is split into calls of at most {@link LabelStore#maxTransfer()} bytes.
 *
 * <p>Label changes go through {@link LabelUpdate}, in the kernel's crash-safe order; where a new namespace's
 * DPA range and label slots go is {@link LabelAllocation}'s policy. The byte layout of index blocks and labels
 * is {@link NamespaceIndex}'s and {@link NamespaceLabel}'s alone.
 *
 * <p>The class keeps no state between calls: each operation reads what it needs from the store, the
 * label operations the way Linux's probe does ({@link #probe()}: index region, then only slots in use),
 * {@link #dump()}, {@link #checkLabels()} and {@link #readAll()} the whole area as ndctl does.
 */
public final class LabelStorageArea {

    private final LabelStore store;

    public LabelStorageArea(LabelStore store) {
        this.store = store;
    }

    public LabelStore store() {
        return store;
    }

    public int size() {
        return store.size();
    }

    // ---------------------------------------------------------------- raw access (read-labels -o, write-labels -i)

    /** Reads {@code length} bytes at {@code offset} in calls of at most {@code maxTransfer} bytes. */
    public byte[] read(int offset, int length) {
        byte[] out = new byte[length];
        int max = store.maxTransfer();
        for (int done = 0; done < length; ) {
            int n = Math.min(max, length - done);
            byte[] chunk = store.read(offset + done, n);
            System.arraycopy(chunk, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** Writes {@code data} at {@code offset} in calls of at most {@code maxTransfer} bytes, in address order. */
    public void write(int offset, byte[] data) {
        int max = store.maxTransfer();
        for (int done = 0; done < data.length; ) {
            int n = Math.min(max, data.length - done);
            store.write(offset + done, Arrays.copyOfRange(data, done, done + n));
            done += n;
        }
    }

    /** The whole area ({@code ndctl read-labels -o FILE}). */
    public byte[] readAll() {
        return read(0, store.size());
    }

    /** Replaces the whole area; the image must be exactly the area's size. */
    public void writeAll(byte[] image) {
        if (image.length != store.size()) {
            throw new IllegalArgumentException("label image of " + image.length + " bytes for a "
                    + store.size() + "-byte label area");
        }
        write(0, image);
    }

    /** Zeroes the whole area ({@code ndctl zero-labels}); afterwards there is no valid index. */
    public void zeroLabels() {
        write(0, new byte[store.size()]);
    }

    // ---------------------------------------------------------------- detection and validation

    /**
     * Reads the index blocks with Linux's first probe read ({@link ReadPlan#firstRead()}: 3972 bytes for a
     * 128 KiB QEMU area) and judges them: 128-byte geometry first, then 256-byte.
     */
    public Detection detect() {
        ReadPlan plan = ReadPlan.of(store.size(), store.maxTransfer());
        return detect(read(0, plan.firstRead()));
    }

    /**
     * Reads the area as Linux does when it probes the DIMM ({@code nd_label_data_init}): the first read
     * covers both index blocks; if an index is valid, further reads fetch only the slots in use in the current
     * index, in multiples of the adjusted transfer size. On an all-zero area that is a single read.
     * The returned image holds zeros where nothing was read.
     */
    public Probe probe() {
        int size = store.size();
        ReadPlan plan = ReadPlan.of(size, store.maxTransfer());
        byte[] image = new byte[size];
        int readSize = plan.firstRead();
        System.arraycopy(read(0, readSize), 0, image, 0, readSize);
        Detection d = detect(image, size);
        if (!d.valid()) {
            return new Probe(d, image, List.of());
        }
        LabelGeometry g = d.geometry();
        NamespaceIndex cur = d.currentIndex();
        long labelOff = cur.labelOff();
        for (int slot : cur.usedSlots()) {
            long off = labelOff + (long) slot * g.labelSize();
            if (off + g.labelSize() <= readSize) {
                continue;
            }
            if (off + g.labelSize() > size) {
                break;
            }
            if (readSize < off) {
                readSize = (int) off;
            }
            long more = (off + g.labelSize() - readSize + plan.chunk() - 1) / plan.chunk() * plan.chunk();
            int n = (int) Math.min(more, size - readSize);
            System.arraycopy(read(readSize, n), 0, image, readSize, n);
            readSize += n;
        }
        return new Probe(d, image, activeLabels(image, d));
    }

    /** What a probe found: the index verdict, the area as read, and the labels Linux accepts. */
    public record Probe(Detection detection, byte[] image, List<NamespaceLabel> activeLabels) {
    }

    /**
     * Linux's probe read sizes ({@code nd_label_data_init}): {@code chunk} is the DSM transfer size trimmed so
     * that reads of the whole area would come out even (never below the index region), {@code firstRead} the
     * index region of the 128-byte geometry rounded up to a multiple of {@code chunk}, capped at the area.
     * QEMU, max_xfer 4076: 128 KiB → 3972/3972, 256 KiB → 4033/4033, 2 MiB → 4076/8152.
     */
    public record ReadPlan(int chunk, int firstRead) {
        public static ReadPlan of(int configSize, int maxTransfer) {
            int indexRegion = 2 * LabelGeometry.of(configSize, LabelVersion.V1_1).indexSize();
            int chunk = Math.min(maxTransfer, configSize);
            if (indexRegion < chunk) {
                int reads = (configSize + chunk - 1) / chunk;
                chunk -= ((chunk - 1) - (configSize - 1) % chunk) / reads;
                chunk = Math.max(chunk, indexRegion);
            }
            int first = (int) Math.min((long) (indexRegion + chunk - 1) / chunk * chunk, configSize);
            return new ReadPlan(chunk, first);
        }
    }

    /**
     * Judges the index blocks at the start of {@code image}, an area of {@code configSize} bytes (the image
     * may be just the index region or the whole area).
     */
    public static Detection detect(byte[] image, int configSize) {
        List<Detection.GeometryCheck> tried = new ArrayList<>();
        for (LabelVersion v : LabelVersion.values()) {
            LabelGeometry g;
            try {
                g = LabelGeometry.of(configSize, v);
            } catch (IllegalArgumentException tooSmall) {
                continue;
            }
            List<Detection.IndexCheck> blocks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                NamespaceIndex block = NamespaceIndex.of(image, g.indexOffset(i), g.indexSize());
                blocks.add(new Detection.IndexCheck(i, block, block.problems(i, g)));
            }
            boolean v0 = blocks.get(0).valid();
            boolean v1 = blocks.get(1).valid();
            int current = v0 && v1 ? NamespaceIndex.current(blocks.get(0).block().seq(), blocks.get(1).block().seq())
                    : v0 ? 0 : v1 ? 1 : -1;
            Detection.GeometryCheck check = new Detection.GeometryCheck(g, List.copyOf(blocks), current);
            tried.add(check);
            if (check.valid()) {
                return new Detection(List.copyOf(tried), Optional.of(check));
            }
        }
        return new Detection(List.copyOf(tried), Optional.empty());
    }

    private Detection detect(byte[] indexRegion) {
        return detect(indexRegion, store.size());
    }

    /** Bytes covering both index blocks of every geometry: the 128-byte geometry has the larger blocks. */
    static int indexRegionSize(int configSize) {
        int max = 0;
        for (LabelVersion v : LabelVersion.values()) {
            try {
                max = Math.max(max, 2 * LabelGeometry.of(configSize, v).indexSize());
            } catch (IllegalArgumentException tooSmall) {
                // no such geometry
            }
        }
        return Math.min(Math.max(max, 2 * NamespaceIndex.ALIGN), configSize);
    }

    /** {@code ndctl check-labels}: whether a valid index exists, and everything found wrong. */
    public CheckReport checkLabels() {
        byte[] image = readAll();
        Detection d = detect(image, store.size());
        List<String> messages = new ArrayList<>();
        if (!d.valid()) {
            messages.add("no valid index");
            messages.addAll(d.messages());
            return new CheckReport(false, messages);
        }
        Detection.GeometryCheck chosen = d.chosen().orElseThrow();
        for (Detection.IndexCheck b : chosen.blocks()) {
            if (!b.valid()) {
                messages.add("index" + b.index() + ": " + String.join(", ",
                        b.problems().stream().map(NamespaceIndex.Problem::text).toList()));
            }
        }
        LabelGeometry g = chosen.geometry();
        for (int slot : chosen.currentIndex().usedSlots()) {
            slotProblem(image, g, slot).ifPresent(p -> messages.add("slot " + slot + ": " + p));
        }
        return new CheckReport(true, messages);
    }

    private static Optional<String> slotProblem(byte[] image, LabelGeometry g, int slot) {
        int off = g.slotOffset(slot);
        if (off + g.labelSize() > image.length) {
            return Optional.of("beyond the end of the area");
        }
        int stored = Le.u32(image, off + NamespaceLabel.SLOT);
        if (stored != slot) {
            return Optional.of("label says slot " + Integer.toUnsignedString(stored));
        }
        if (!NamespaceLabel.checksumValid(image, off, g.version())) {
            return Optional.of("label checksum mismatch");
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- reading labels and namespaces

    /**
     * The labels of the current index: slots below {@code nslot} whose free bit is clear and whose label is
     * one Linux accepts (its {@code slot} field is the slot, and a v1.2 checksum matches). Empty when there
     * is no valid index.
     */
    public List<NamespaceLabel> activeLabels() {
        return probe().activeLabels();
    }

    static List<NamespaceLabel> activeLabels(byte[] image, Detection d) {
        LabelGeometry g = d.geometry();
        List<NamespaceLabel> out = new ArrayList<>();
        for (int slot : d.currentIndex().usedSlots()) {
            if (slotProblem(image, g, slot).isEmpty()) {
                out.add(NamespaceLabel.parse(image, g.slotOffset(slot), g.version()));
            }
        }
        return out;
    }

    /** Namespaces of the active labels, grouped by UUID, ordered by DPA. */
    public List<Namespace> namespaces() {
        return namespaces(activeLabels());
    }

    static List<Namespace> namespaces(List<NamespaceLabel> labels) {
        Map<UUID, List<NamespaceLabel>> byUuid = new LinkedHashMap<>();
        for (NamespaceLabel l : labels) {
            byUuid.computeIfAbsent(l.uuid(), u -> new ArrayList<>()).add(l);
        }
        return byUuid.values().stream().map(Namespace::of)
                .sorted(Comparator.comparingLong(Namespace::dpa)).toList();
    }

    /** What {@code ndctl read-labels -j} shows for this area. */
    public LabelDump dump() {
        byte[] image = readAll();
        Detection d = detect(image, store.size());
        LabelGeometry g = d.valid() ? d.geometry() : LabelGeometry.of(store.size(), LabelVersion.V1_1);
        List<NamespaceIndex> index = List.of(NamespaceIndex.of(image, 0, g.indexSize()),
                NamespaceIndex.of(image, g.indexSize(), g.indexSize()));
        List<NamespaceLabel> labels = new ArrayList<>();
        for (int slot = 0; g.slotOffset(slot) + g.labelSize() <= image.length; slot++) {
            int off = g.slotOffset(slot);
            if (Le.u32(image, off + NamespaceLabel.SLOT) != slot) {
                break;
            }
            labels.add(NamespaceLabel.parse(image, off, g.version()));
        }
        return new LabelDump(g, index, labels);
    }

    // ---------------------------------------------------------------- init-labels

    /**
     * {@code ndctl init-labels [-f] -V VERSION}: writes index block 0 with sequence number 3 and index block 1
     * with sequence number 2, every slot free, the bitmap all ones for {@code ALIGN(nslot, 64)} bits (ndctl does
     * not clear the padding bits beyond {@code nslot}); the other bytes of each block are what was read from the
     * area. Labels are not touched.
     *
     * <p>The bytes are ndctl 76.1's, the order is not always: ndctl writes block 0 first, and over a valid index
     * whose current block is 0 that first write can make block 1 current — the index before last, when its
     * sequence number follows 3 or equals it — so a power loss between the two writes brings back the labels of
     * one update before (seen with real kills, Linux 6.1 and ndctl 76.1 on QEMU 7.2). The current block is written
     * last here: until then the old index stays current or the new one is.
     *
     * @throws LabelAreaException "labels already initialized" when a valid index exists and not {@code force}
     */
    public void initLabels(LabelVersion version, boolean force) {
        LabelGeometry g = LabelGeometry.of(store.size(), version);
        byte[] region = read(0, Math.max(2 * g.indexSize(), indexRegionSize(store.size())));
        Detection d = detect(region);
        if (!force && d.valid()) {
            throw new LabelAreaException("labels already initialized");
        }
        int first = d.valid() && d.current() == 0 ? 1 : 0;
        for (int i : new int[] {first, 1 - first}) {
            byte[] previous = Arrays.copyOfRange(region, g.indexOffset(i), g.indexOffset(i) + g.indexSize());
            write(g.indexOffset(i), NamespaceIndex.initial(g, i, 3 - i, previous, true).bytes());
        }
    }

    /**
     * The kernel's own initialisation, done when a namespace is created on a DIMM without a valid index
     * (Linux defaults to v1.2 there): index 0 with sequence 3 and index 1 with sequence 2, built on a zeroed
     * copy, padding bits beyond {@code nslot} clear.
     */
    public void initLabelsAsKernel(LabelVersion version) {
        LabelGeometry g = LabelGeometry.of(store.size(), version);
        for (int i = 0; i < 2; i++) {
            write(g.indexOffset(i), NamespaceIndex.initial(g, i, 3 - i, new byte[g.indexSize()], false).bytes());
        }
    }

    // ---------------------------------------------------------------- namespaces

    /**
     * Creates a namespace: allocates {@code size} bytes of DPA ({@link LabelAllocation}: first fit, aligned,
     * within {@code pmemSize}), then writes its label twice as the kernel does, each a {@link LabelUpdate}: with
     * UPDATING into a free slot plus a new index, then without UPDATING into the next free slot plus a new index
     * that frees the first one (UEFI 2.7 expects UPDATING to be cleared).
     *
     * @throws LabelAreaException no valid index, UUID in use, no space, no free slot
     */
    public Namespace createNamespace(CreateRequest r) {
        LabelUpdate update = LabelUpdate.begin(this);
        if (r.size() <= 0 || r.size() % r.align() != 0) {
            throw new IllegalArgumentException("size " + r.size() + " is not a positive multiple of the alignment "
                    + r.align());
        }
        List<NamespaceLabel> active = update.activeLabels();
        if (active.stream().anyMatch(l -> l.uuid().equals(r.uuid()))) {
            throw new LabelAreaException("namespace " + r.uuid() + " already exists");
        }
        long dpa = LabelAllocation.dpa(active, r.size(), r.pmemSize(), r.align());
        NamespaceLabel label = new NamespaceLabel(update.version(), r.uuid(), r.name(), 0, 1, 0,
                r.isetCookie(), r.lbaSize(), dpa, r.size(), 0, 0, r.typeGuid(), r.abstractionGuid(), 0);
        update.writeLabel(label.withFlags(NamespaceLabel.FLAG_UPDATING));
        NamespaceLabel last = update.writeLabel(label);
        return Namespace.of(List.of(last));
    }

    /** {@code ndctl destroy-namespace} by label UUID; returns how many namespaces were destroyed (0 or 1). */
    public int destroyNamespace(UUID uuid) {
        return destroy(l -> l.uuid().equals(uuid));
    }

    /** Destroys every namespace with this name. */
    public int destroyNamespaceByName(String name) {
        return destroy(l -> l.name().equals(name));
    }

    /** {@code ndctl destroy-namespace all}. */
    public int destroyAllNamespaces() {
        return destroy(l -> true);
    }

    /** One {@link LabelUpdate} that frees every active slot whose label matches; no write when nothing does. */
    private int destroy(Predicate<NamespaceLabel> which) {
        LabelUpdate update = LabelUpdate.begin(this);
        List<NamespaceLabel> victims = update.activeLabels().stream().filter(which).toList();
        if (victims.isEmpty()) {
            return 0;
        }
        update.free(victims);
        return (int) victims.stream().map(NamespaceLabel::uuid).distinct().count();
    }
}
