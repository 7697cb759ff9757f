package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.dsm.DsmHandles;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.abi.dsm.QemuReservedDsm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Structured DSM requests from a seed, biased towards what the handler takes — revision 1, the handles of the
 * machine's NVDIMMs, the functions they offer — and, for the label functions and Read FIT, towards offsets and lengths
 * at the edges: the label area's end, the largest transfer (4076) and one past it, u32 overflow, the FIT's end.
 * Enough of everything else (the root handles, empty slots, handles no slot has, other revisions and functions)
 * comes along to check every refusal. The sequence depends on the seed alone, never on what a target answered.
 * (The {@code _DSM} UUID never reaches the page: the AML checks it and turns QEMU's own UUID into handle 0x10000,
 * so the handles stand for the UUIDs too.)
 */
public final class DsmRequestGenerator {
    /** Weights of {@link FuzzMachine#ALL}: the read-only machine, where QEMU 7.2 dies on a write, a little less. */
    private static final int[] DEFAULT_WEIGHTS = {35, 25, 25, 15};

    private final Random random;
    private final List<FuzzMachine> machines;
    private final int[] weights;

    /** One request and the machine it goes to. */
    public record Step(FuzzMachine machine, DsmRequest request) {
    }

    /** Requests to the kit's four fuzz machines. */
    public DsmRequestGenerator(long seed) {
        this(seed, FuzzMachine.ALL, DEFAULT_WEIGHTS);
    }

    public DsmRequestGenerator(long seed, List<FuzzMachine> machines, int[] weights) {
        if (machines.isEmpty() || machines.size() != weights.length) {
            throw new IllegalArgumentException(machines.size() + " machines and " + weights.length + " weights");
        }
        this.random = new Random(seed);
        this.machines = List.copyOf(machines);
        this.weights = weights.clone();
    }

    public Step next() {
        FuzzMachine machine = machines.get(pick(weights));
        return new Step(machine, request(machine));
    }

    /** The first {@code n} requests of a new generator on this seed. */
    public static List<Step> first(long seed, int n) {
        DsmRequestGenerator g = new DsmRequestGenerator(seed);
        List<Step> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(g.next());
        }
        return out;
    }

    DsmRequest request(FuzzMachine machine) {
        int handle = handle(machine);
        int revision = chance(92) ? IntelDsm.REVISION_1 : oneOf(0, 2, 3, 0x80000001, 0xFFFFFFFF, random.nextInt());
        HandleKind kind = HandleKind.of(machine, handle);
        int function = kind == HandleKind.QEMU_RESERVED_ROOT ? reservedRootFunction() : deviceFunction();
        List<Integer> arguments = new ArrayList<>();
        if (kind == HandleKind.QEMU_RESERVED_ROOT && function == QemuReservedDsm.READ_FIT) {
            arguments.add(fitOffset(machine.fitSize()));
        } else if (function == IntelDsm.GET_LABEL_DATA || function == IntelDsm.SET_LABEL_DATA) {
            labelArguments(arguments, function == IntelDsm.SET_LABEL_DATA);
        } else if (chance(15)) { // Arg3 words a function does not read
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                arguments.add(random.nextInt());
            }
        }
        return new DsmRequest(handle, revision, function, arguments);
    }

    private int handle(FuzzMachine machine) {
        List<Integer> labelled = new ArrayList<>();
        List<Integer> labelLess = new ArrayList<>();
        machine.nvdimms().forEach(n -> (n.labelled() ? labelled : labelLess).add(n.handle()));
        List<Integer> empty = new ArrayList<>();
        for (int h = 1; h <= machine.slots(); h++) {
            if (machine.nvdimm(h).isEmpty()) {
                empty.add(h);
            }
        }
        int[] weightsByKind = {labelled.isEmpty() ? 0 : 45, labelLess.isEmpty() ? 0 : 12, empty.isEmpty() ? 0 : 10, 7, 16, 6};
        return switch (pick(weightsByKind)) {
            case 0 -> labelled.get(random.nextInt(labelled.size()));
            case 1 -> labelLess.get(random.nextInt(labelLess.size()));
            case 2 -> empty.get(random.nextInt(empty.size()));
            case 3 -> DsmHandles.ROOT;
            case 4 -> DsmHandles.QEMU_RESERVED_ROOT;
            default -> oneOf(machine.slots() + 1, 0xFFFF, DsmHandles.QEMU_RESERVED_ROOT + 1, 0xFFFFFFFF,
                    random.nextInt());
        };
    }

    private int deviceFunction() {
        if (chance(85)) {
            return new int[] {IntelDsm.QUERY, IntelDsm.GET_LABEL_SIZE, IntelDsm.GET_LABEL_DATA,
                    IntelDsm.SET_LABEL_DATA}[pick(new int[] {10, 12, 36, 42})];
        }
        return otherFunction();
    }

    private int reservedRootFunction() {
        return chance(80) ? (chance(85) ? QemuReservedDsm.READ_FIT : IntelDsm.QUERY) : otherFunction();
    }

    private int otherFunction() {
        return oneOf(1, 2, 3, 7, 8, 9, 15, 16, 31, 32, 0x80000000, 0xFFFFFFFF, random.nextInt());
    }

    /** Offset, length and, for a write, data words: the lengths and offsets where the checks change their answer. */
    private void labelArguments(List<Integer> arguments, boolean write) {
        int area = FuzzMachine.LABEL_AREA;
        int max = IntelDsm.MAX_LABEL_TRANSFER;
        int length = switch (pick(new int[] {32, 12, 25, 2, 8})) {
            case 0 -> 1 + random.nextInt(16);
            case 1 -> oneOf(max - 1, max, max + 1, max + 4);
            case 2 -> 1 + random.nextInt(max);
            case 3 -> 0; // QEMU aborts on it (a known defect): seldom, or the run is mostly restarts
            default -> oneOf(area, area + 1, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFF - random.nextInt(8), random.nextInt());
        };
        long fromEnd = Integer.toUnsignedLong(area) - Integer.toUnsignedLong(length);
        int offset = switch (pick(new int[] {22, 25, 10, 5, 5, 33})) {
            case 0 -> 0;
            case 1 -> (int) fromEnd + random.nextInt(9) - 4; // the last bytes of the area, one past, a few short
            case 2 -> area - oneOf(1, 2, 3, 4, 16, 256, max, max + 1);
            case 3 -> area + random.nextInt(2);
            case 4 -> 0xFFFFFFFF - random.nextInt(9);
            default -> chance(50) ? random.nextInt(area) : random.nextInt(area / 256) * 256;
        };
        arguments.add(offset);
        if (chance(2)) { // a request that stops short: the length read is the page's zero
            return;
        }
        arguments.add(length);
        if (write) {
            // a few data words, sometimes more than the length covers: bytes past it must not be written
            int words = chance(5) ? random.nextInt(64) : random.nextInt(Math.min(8, Math.max(1, (length + 3) / 4) + 1) + 1);
            for (int i = 0; i < words; i++) {
                arguments.add(chance(10) ? 0 : random.nextInt());
            }
        }
    }

    /** A Read FIT offset: 0 (which starts a read), the edges of the FIT's structures and of its end, or far off. */
    private int fitOffset(int fitSize) {
        return switch (pick(new int[] {40, 20, 12, 18, 10})) {
            case 0 -> 0;
            case 1 -> oneOf(0x38, 0x68, 0xb8, 0xb9, 0x170, 0x171, 0x180, 4, 1);
            case 2 -> fitSize + random.nextInt(3) - 1;
            case 3 -> random.nextInt(0x200);
            default -> oneOf(QemuReservedDsm.MAX_FIT_CHUNK, QemuReservedDsm.MAX_FIT_CHUNK + 1, 0x80000000, 0xFFFFFFFF,
                    random.nextInt());
        };
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private int oneOf(int... values) {
        return values[random.nextInt(values.length)];
    }

    /** An index drawn with these weights. */
    private int pick(int[] weightsOfEach) {
        int total = 0;
        for (int w : weightsOfEach) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weightsOfEach.length; i++) {
            r -= weightsOfEach[i];
            if (r < 0) {
                return i;
            }
        }
        throw new IllegalStateException("weights " + Arrays.toString(weightsOfEach));
    }
}
