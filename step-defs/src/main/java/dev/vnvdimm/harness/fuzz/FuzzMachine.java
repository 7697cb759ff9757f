package dev.vnvdimm.harness.fuzz;

import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.abi.dsm.DsmHandles;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A machine configuration the DSM fuzzer sends requests to, written as a scenario of {@code dsm-protocol.feature}
 * writes it: a QEMU command line with {@code {dir}} for the scenario's folder, and the file a read-only backend needs
 * before it starts. Every label area is 128 KiB, the size the feature's label-area steps read at a file's end.
 *
 * @param name        a short name for reports
 * @param commandLine the options, one per line as in the feature's doc string
 * @param slots       the memory slots: handles 1 to {@code slots} are NVDIMMs or empty slots
 * @param nvdimms     the NVDIMMs plugged
 * @param prepared    a file made before the machine starts, as the step {@code a file "F" of SIZE that starts
 *                    with "TEXT"} makes it
 * @param background  whether this is the machine of {@code dsm-protocol.feature}'s Background, which a scenario there
 *                    need not start again
 */
public record FuzzMachine(String name, String commandLine, int slots, List<Nvdimm> nvdimms,
                          Optional<PreparedFile> prepared, boolean background) {
    /** The label area size of every labelled NVDIMM here, and what is compared at the end of every file. */
    public static final int LABEL_AREA = 128 << 10;

    /**
     * An NVDIMM of the machine.
     *
     * @param file     its backing file's name in the machine's folder
     * @param labelled whether it has a label area ({@code label-size=128K})
     * @param readOnly whether its backend is {@code readonly=on}
     */
    public record Nvdimm(int slot, String file, boolean labelled, boolean readOnly) {
        /** Its DSM handle: slot + 1. */
        public int handle() {
            return DsmHandles.ofSlot(slot);
        }
    }

    /** A file of {@code mebibytes} MiB holding {@code text} at its start, the rest zeros. */
    public record PreparedFile(String file, int mebibytes, String text) {
        void create(Path dir) throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve(file).toFile(), "rw")) {
                f.setLength((long) mebibytes << 20);
                f.write(text.getBytes(StandardCharsets.UTF_8));
            }
        }

        /** The step that makes it. */
        String step() {
            return "a file \"" + file + "\" of " + mebibytes + " MiB that starts with \"" + text + "\"";
        }
    }

    public FuzzMachine {
        nvdimms = List.copyOf(nvdimms);
    }

    /** The NVDIMM with this DSM handle, if one is plugged. */
    public Optional<Nvdimm> nvdimm(long handle) {
        return nvdimms.stream().filter(n -> n.handle() == handle).findFirst();
    }

    /** The options with {@code {dir}} made {@code dir}, split as a shell would. */
    public List<String> options(Path dir) {
        return CommandLineTokenizer.split(commandLine.replace("{dir}", dir.toString()).replace('\n', ' '));
    }

    /**
     * The FIT's size for these NVDIMMs: per NVDIMM a SPA range, a memory device map and a control region, then the
     * platform capabilities when the machine sets {@code nvdimm-persistence}.
     */
    public int fitSize() {
        return nvdimms.size() * (Nfit.SpaRange.SIZE + Nfit.MemoryDeviceMap.SIZE + Nfit.ControlRegion.SIZE)
                + (commandLine.contains("nvdimm-persistence=") ? Nfit.PlatformCapabilities.SIZE : 0);
    }

    /** The feature's Background: slot 0 empty, one NVDIMM with a 128 KiB label area in slot 1 (handle 2). */
    public static final FuzzMachine LABELLED = new FuzzMachine("one labelled NVDIMM", """
            -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
            -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
            -device nvdimm,id=nv1,memdev=mem1,slot=1,label-size=128K""", 4,
            List.of(new Nvdimm(1, "nv1.img", true, false)), Optional.empty(), true);

    /**
     * Two labelled NVDIMMs around an empty slot, the second unarmed: a write to one must not reach the other; with
     * nvdimm-persistence, so the FIT ends in platform capabilities.
     */
    public static final FuzzMachine TWO_LABELLED = new FuzzMachine("two labelled NVDIMMs", """
            -machine pc,nvdimm=on,nvdimm-persistence=cpu -m 512M,slots=3,maxmem=4G
            -object memory-backend-file,id=mem3,share=on,mem-path={dir}/nv3.img,size=64M
            -device nvdimm,id=nv3,memdev=mem3,slot=0,label-size=128K
            -object memory-backend-file,id=mem4,share=on,mem-path={dir}/nv4.img,size=128M
            -device nvdimm,id=nv4,memdev=mem4,slot=2,label-size=128K,unarmed=on""", 3,
            List.of(new Nvdimm(0, "nv3.img", true, false), new Nvdimm(2, "nv4.img", true, false)),
            Optional.empty(), false);

    /** On q35, an NVDIMM without label-size beside one with it. */
    public static final FuzzMachine LABEL_LESS = new FuzzMachine("a label-less NVDIMM beside a labelled one", """
            -machine q35,nvdimm=on -m 512M,slots=2,maxmem=4G
            -object memory-backend-file,id=mem5,share=on,mem-path={dir}/nv5.img,size=64M
            -device nvdimm,id=nv5,memdev=mem5,slot=0
            -object memory-backend-file,id=mem6,share=on,mem-path={dir}/nv6.img,size=64M
            -device nvdimm,id=nv6,memdev=mem6,slot=1,label-size=128K""", 2,
            List.of(new Nvdimm(0, "nv5.img", false, false), new Nvdimm(1, "nv6.img", true, false)),
            Optional.empty(), false);

    /** The feature's read-only NVDIMM: readonly=on, so unarmed=on, with a label area that can be read only. */
    public static final FuzzMachine READ_ONLY = new FuzzMachine("a read-only NVDIMM", """
            -machine pc,nvdimm=on -m 512M,slots=2,maxmem=4G
            -object memory-backend-file,id=mem2,readonly=on,mem-path={dir}/ro.img,size=64M
            -device nvdimm,id=nv2,memdev=mem2,label-size=128K,unarmed=on""", 2,
            List.of(new Nvdimm(0, "ro.img", true, true)),
            Optional.of(new PreparedFile("ro.img", 64, "read-only data")), false);

    /** Every configuration the fuzzer uses, in the order its generator weighs them. */
    public static final List<FuzzMachine> ALL = List.of(LABELLED, TWO_LABELLED, LABEL_LESS, READ_ONLY);
}
