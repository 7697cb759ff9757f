package dev.vnvdimm.emulator.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.abi.qemu.CommandLineTokenizer;
import dev.vnvdimm.emulator.config.MachineConfig;
import dev.vnvdimm.emulator.hostmem.Progress;
import dev.vnvdimm.emulator.machine.Machine;
import dev.vnvdimm.emulator.machine.MachineFactory;
import dev.vnvdimm.emulator.memory.GuestMemoryMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot-plug commands as QEMU 7.2 answered them (/tmp/h/qemu-hotplug-measured.txt, the same requests in the same
 * order): QMP replies and classes, HMP's {@code Error:} lines, the GPE0 status port, the FIT and the memory map.
 */
class HotplugCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PAGE = 0x100000;

    @TempDir
    Path dir;

    private final List<Machine> machines = new ArrayList<>();
    private final List<String> replies = new ArrayList<>();
    private QmpMonitor.Session session;

    @AfterEach
    void powerOff() {
        machines.forEach(Machine::close);
    }

    private Machine start(String cmd) {
        Machine m = new MachineFactory(Progress.NONE).build(MachineConfig.parse(CommandLineTokenizer.split(cmd)));
        machines.add(m);
        MachineMonitor monitor = new MachineMonitor(m, new QmpMonitor("7.2.0"), RunState.RUNNING);
        session = monitor.qmp().open(replies::add);
        session.handle(JSON.createObjectNode().put("execute", "qmp_capabilities"));
        return m;
    }

    /** One command; the reply as QEMU prints it ({@code {"return": ...}} or {@code {"error": ...}}). */
    private String qmp(String execute, String arguments) throws IOException {
        session.handle(JSON.readTree("{\"execute\":\"" + execute + "\",\"arguments\":" + arguments + "}"));
        JsonNode reply = JSON.readTree(replies.get(replies.size() - 1));
        return reply.has("return") ? "{\"return\": " + reply.get("return") + "}"
                : "{\"error\": {\"class\": \"" + reply.at("/error/class").asText() + "\", \"desc\": "
                        + reply.at("/error/desc") + "}}";
    }

    private String hmp(String line) throws IOException {
        return qmp("human-monitor-command", JSON.createObjectNode().put("command-line", line).toString());
    }

    private static String ok() {
        return "{\"return\": {}}";
    }

    private static String error(String desc) {
        return "{\"error\": {\"class\": \"GenericError\", \"desc\": \"" + desc + "\"}}";
    }

    private static String hmpReply(String text) {
        return "{\"return\": " + JSON.valueToTree(text) + "}";
    }

    private Machine measuredMachine() {
        return start("-machine pc,nvdimm=on -m 128M,slots=2,maxmem=2G -object memory-backend-file,id=m1,share=on,"
                + "mem-path=" + dir.resolve("n1.img") + ",size=256M -device nvdimm,id=n1,memdev=m1,label-size=128K");
    }

    @Test
    void theMeasuredSessionAnswersWordForWord() throws IOException {
        Machine m = measuredMachine();
        String d = dir.toString();
        assertThat(hmp("i /b 0xafe0")).isEqualTo(hmpReply("portb[0xafe0] = 0x00\r\n"));
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-file\", \"id\": \"m2\", \"share\": true, "
                + "\"mem-path\": \"" + d + "/n2.img\", \"size\": 67108864}")).isEqualTo(ok());
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-file\", \"id\": \"mx\", \"share\": true, "
                + "\"mem-path\": \"" + d + "/nx.img\", \"size\": \"64M\"}"))
                .isEqualTo(error("Parameter 'size' expects uint64"));
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-file\", \"id\": \"my\", \"share\": \"on\", "
                + "\"mem-path\": \"" + d + "/ny.img\", \"size\": 67108864}"))
                .isEqualTo(error("Invalid parameter type for 'share', expected: boolean"));
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-ram\", \"id\": \"m2\", \"size\": 67108864}"))
                .isEqualTo(error("attempt to add duplicate property 'm2' to object (type 'container')"));
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-ram\", \"id\": \"mz\", \"size\": 67108864, "
                + "\"colour\": \"red\"}")).isEqualTo(error("Parameter 'colour' is unexpected"));
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-file\", \"id\": \"mbad\", \"share\": true, "
                + "\"mem-path\": \"" + d + "/nodir/x.img\", \"size\": 67108864}")).isEqualTo(error(
                "can't open backing store " + d + "/nodir/x.img for guest RAM: No such file or directory"));
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-nope\", \"id\": \"mt\"}"))
                .isEqualTo(error("Parameter 'qom-type' does not accept value 'memory-backend-nope'"));
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-ram\", \"id\": \"ms\"}"))
                .isEqualTo(error("Parameter 'size' is missing"));
        assertThat(m.backends()).containsOnlyKeys("m1", "m2");

        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n2\", \"memdev\": \"m2\", "
                + "\"label-size\": 134217728}")).isEqualTo(error("the size of memdev m2 (0x4000000) is too small to "
                + "contain nvdimm label (0x8000000) and aligned PMEM (0x1000)"));
        assertThat(m.gpe().isPending(4)).isFalse();
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n2\", \"memdev\": \"m2\", "
                + "\"label-size\": \"128K\"}")).isEqualTo(ok());
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"nq\", \"memdev\": \"nope\"}"))
                .isEqualTo("{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device 'nope' not found\"}}");
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n1\", \"memdev\": \"m2\"}"))
                .isEqualTo(error("Duplicate device ID 'n1'"));
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"nb\", \"memdev\": \"m1\"}"))
                .isEqualTo(error("no free slots available"));
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n2\", \"memdev\": \"m2\", "
                + "\"label-size\": 131072}")).isEqualTo(error("Duplicate device ID 'n2'"));
        assertThat(hmp("i /b 0xafe0")).isEqualTo(hmpReply("portb[0xafe0] = 0x10\r\n"));
        assertThat(hmp("i /b 0xafe2")).isEqualTo(hmpReply("portb[0xafe2] = 0x00\r\n"));
        assertThat(hmp("i /b 0xafe4")).isEqualTo(hmpReply("portb[0xafe4] = 0xff\r\n"));
        assertThat(qmp("query-memory-devices", "{}")).isEqualTo("{\"return\": [{\"type\":\"nvdimm\",\"data\":{"
                + "\"id\":\"n1\",\"addr\":4294967296,\"slot\":0,\"node\":0,\"size\":268304384,\"memdev\":\"/objects/m1\","
                + "\"hotplugged\":false,\"hotpluggable\":true}},{\"type\":\"nvdimm\",\"data\":{\"id\":\"n2\","
                + "\"addr\":4563271680,\"slot\":1,\"node\":0,\"size\":66977792,\"memdev\":\"/objects/m2\","
                + "\"hotplugged\":true,\"hotpluggable\":true}}]}");

        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-ram\", \"id\": \"m3\", \"size\": 67108864}"))
                .isEqualTo(ok());
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n3\", \"memdev\": \"m3\"}"))
                .isEqualTo(error("no free slots available"));
        assertThat(qmp("device_add", "{\"driver\": \"pc-dimm\", \"id\": \"d3\", \"memdev\": \"m3\"}"))
                .isEqualTo(error("no free slots available"));
        assertThat(qmp("device_del", "{\"id\": \"n2\"}"))
                .isEqualTo(error("nvdimm device hot unplug is not supported yet."));
        assertThat(qmp("device_del", "{\"id\": \"n1\"}"))
                .isEqualTo(error("nvdimm device hot unplug is not supported yet."));
        assertThat(qmp("device_del", "{\"id\": \"nope\"}"))
                .isEqualTo("{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device 'nope' not found\"}}");
        assertThat(qmp("object-del", "{\"id\": \"m2\"}")).isEqualTo(error("object 'm2' is in use, can not be deleted"));
        assertThat(qmp("object-del", "{\"id\": \"m3\"}")).isEqualTo(ok());
        assertThat(qmp("object-del", "{\"id\": \"nope\"}")).isEqualTo(error("object 'nope' not found"));

        assertThat(hmp("object_add memory-backend-file,id=m4,share=on,mem-path=" + d + "/n4.img,size=64M"))
                .isEqualTo(hmpReply(""));
        assertThat(hmp("object_add memory-backend-ram,id=m4,size=64M")).isEqualTo(hmpReply(
                "Error: attempt to add duplicate property 'm4' to object (type 'container')\r\n"));
        assertThat(hmp("device_add nvdimm,id=n4,memdev=m4,label-size=128K"))
                .isEqualTo(hmpReply("Error: no free slots available\r\n"));
        assertThat(hmp("device_del n1"))
                .isEqualTo(hmpReply("Error: nvdimm device hot unplug is not supported yet.\r\n"));
        assertThat(hmp("object_del m1")).isEqualTo(hmpReply("Error: object 'm1' is in use, can not be deleted\r\n"));
        assertThat(hmp("object_del m4")).isEqualTo(hmpReply(""));
        assertThat(JSON.readTree(hmp("info memory-devices")).get("return").asText().replace("\r\n", "\n"))
                .contains("Memory device [nvdimm]: \"n2\"\n  addr: 0x10ffe0000\n  slot: 1\n  node: 0\n"
                        + "  size: 66977792\n  memdev: /objects/m2\n  hotplugged: true\n  hotpluggable: true\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("n1.img", "n2.img", "n4.img");
        }
        assertThat(m.backends()).containsOnlyKeys("m1", "m2");
    }

    @Test
    void theMachinesWithoutRoomWithoutNvdimmOrWithoutSlotsRefuseAsQemuDoes() throws IOException {
        start("-machine pc,nvdimm=on -m 128M,slots=4,maxmem=256M");
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-ram\", \"id\": \"m1\", \"size\": 268435456}"))
                .isEqualTo(ok());
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n1\", \"memdev\": \"m1\"}")).isEqualTo(
                error("not enough space, currently 0x0 in use of total space for memory devices 0x8000000"));
        assertThat(hmp("device_add nvdimm,id=n1,memdev=m1")).isEqualTo(hmpReply(
                "Error: not enough space, currently 0x0 in use of total space for memory devices 0x8000000\r\n"));

        Machine pc = start("-machine pc -m 128M,slots=4,maxmem=2G");
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-ram\", \"id\": \"m1\", \"size\": 67108864}"))
                .isEqualTo(ok());
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n1\", \"memdev\": \"m1\"}"))
                .isEqualTo(error("nvdimm is not enabled: missing 'nvdimm' in '-M'"));
        assertThat(qmp("device_add", "{\"driver\": \"pc-dimm\", \"id\": \"d1\", \"memdev\": \"m1\"}")).isEqualTo(ok());
        assertThat(hmp("i /b 0xafe0")).isEqualTo(hmpReply("portb[0xafe0] = 0x08\r\n"));
        assertThat(qmp("device_del", "{\"id\": \"d1\"}")).contains("GenericError", "ACPI memory hot-unplug");
        assertThat(pc.dimm("d1")).isPresent();

        start("-machine pc,nvdimm=on -m 128M");
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-ram\", \"id\": \"m1\", \"size\": 67108864}"))
                .isEqualTo(ok());
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n1\", \"memdev\": \"m1\"}"))
                .isEqualTo(error("no slots where allocated, please specify the 'slots' option"));
    }

    @Test
    void aRefusedDeviceAddLeavesNothingBehind() throws IOException {
        Machine m = measuredMachine();
        m.nvdimmAcpi().orElseThrow().fit().setDirty(false);
        byte[] fit = m.nvdimmAcpi().orElseThrow().fit().bytes();
        List<GuestMemoryMap.Region> regions = m.memoryMap().regions();
        assertThat(qmp("object-add", "{\"qom-type\": \"memory-backend-file\", \"id\": \"m2\", \"share\": true, "
                + "\"mem-path\": \"" + dir.resolve("n2.img") + "\", \"size\": 67108864}")).isEqualTo(ok());
        byte[] file = Files.readAllBytes(dir.resolve("n2.img"));
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n2\", \"memdev\": \"m2\", "
                + "\"label-size\": 134217728}")).contains("too small");
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n2\", \"memdev\": \"m2\", \"slot\": 0}"))
                .isEqualTo(error("slot 0 is busy"));
        assertThat(m.dimms()).hasSize(1);
        assertThat(m.memoryMap().regions()).isEqualTo(regions);
        assertThat(m.nvdimmAcpi().orElseThrow().fit().bytes()).isEqualTo(fit);
        assertThat(m.nvdimmAcpi().orElseThrow().fit().isDirty()).isFalse();
        assertThat(m.gpe().read(0, 4)).isZero();
        assertThat(m.backend("m2").orElseThrow().usedBy()).isEmpty();
        assertThat(m.deviceMemory().orElseThrow().usedSize()).isEqualTo(0xFFE0000L);
        assertThat(Files.readAllBytes(dir.resolve("n2.img"))).isEqualTo(file);
        // the same device still plugs afterwards, into slot 1, straight after n1 (a file backend: 4 KiB aligned)
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n2\", \"memdev\": \"m2\"}")).isEqualTo(ok());
        assertThat(m.dimm("n2").orElseThrow().slot()).isEqualTo(1);
        assertThat(m.dimm("n2").orElseThrow().addr()).isEqualTo(0x10FFE0000L);
    }

    @Test
    void aPlugRebuildsTheFitSoAReaderInTheMiddleIsToldToRestartAndTheNewDimmIsInTheFitAndTheMap()
            throws IOException {
        Machine m = measuredMachine();
        assertThat(readFit(m, 0)[0]).isZero(); // offset 0 clears the boot-time dirty mark
        int[] tail = readFit(m, 0xB8);
        assertThat(tail[0]).isZero();
        qmp("object-add", "{\"qom-type\": \"memory-backend-file\", \"id\": \"m2\", \"share\": true, "
                + "\"mem-path\": \"" + dir.resolve("n2.img") + "\", \"size\": 67108864}");
        assertThat(qmp("device_add", "{\"driver\": \"nvdimm\", \"id\": \"n2\", \"memdev\": \"m2\", "
                + "\"label-size\": 131072}")).isEqualTo(ok());
        assertThat(m.nvdimmAcpi().orElseThrow().fit().isDirty()).isTrue();
        assertThat(readFit(m, 0xB8)[0]).isEqualTo(0x100);
        int[] whole = readFit(m, 0);
        assertThat(whole[0]).isZero();
        assertThat(whole[1]).isEqualTo(0x178); // length and status words, then 368 bytes of FIT = 2 x 184
        assertThat(m.gpe().isPending(4)).isTrue();
        // the hot-added NVDIMM's PMEM is guest memory now, and it reaches the file
        m.memoryMap().write(0x10FFE0000L, "hot".getBytes(StandardCharsets.US_ASCII));
        m.sync();
        assertThat(Files.readAllBytes(dir.resolve("n2.img"))).startsWith("hot".getBytes(
                StandardCharsets.US_ASCII));
        assertThat(m.ramBlocks()).extracting(Machine.RamBlock::id).containsExactly("pc.ram", "m1", "m2");
    }

    /** Read FIT (function 1 of the root device's DSM) through the DSM page and port 0x0A18: {status, length}. */
    private static int[] readFit(Machine m, int offset) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x10000).putInt(1).putInt(1).putInt(offset); // root handle, revision 1, function 1, offset
        m.memoryMap().write(PAGE, b.array());
        m.ioPorts().write(0x0A18, 4, PAGE);
        ByteBuffer out = ByteBuffer.wrap(m.memoryMap().read(PAGE, 16)).order(ByteOrder.LITTLE_ENDIAN);
        return new int[] {out.getInt(4), out.getInt(0)};
    }
}
