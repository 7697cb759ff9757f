package dev.vnvdimm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vnvdimm.abi.infoblock.BttInfoBlock;
import dev.vnvdimm.abi.infoblock.PfnInfoBlock;
import dev.vnvdimm.guest.ndctl.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fsdax, devdax and sector namespaces against what ndctl 76.1 and Linux 6.1 did on QEMU 7.2
 * ({@code features/golden/ndctl-76.1-namespace-modes/}): the reference guest lists the namespaces Linux created
 * (its label area and info blocks laid into a fake machine's DIMM) exactly as ndctl listed them, and creates
 * namespaces whose labels, info blocks and listings are Linux's but for the random UUIDs.
 */
class NamespaceModesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long M = 1L << 20;
    private static final long FSDAX = 0;
    private static final long DEVDAX = 64 * M;
    private static final long SECTOR = 96 * M;
    private static final long ARENA_END = 0x1ffb000;

    @TempDir
    Path dir;

    static byte[] vector(String path) {
        try (InputStream in = NamespaceModesTest.class
                .getResourceAsStream("/golden/ndctl-76.1-namespace-modes/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the {@code n}th (from 0) run of {@code command} printed in a transcript, without {@code [rc=N]}. */
    static String printed(String transcript, String command, int n) {
        String text = new String(vector(transcript), StandardCharsets.UTF_8);
        String[] runs = text.split("(?m)^\\$ ");
        int seen = 0;
        for (String run : runs) {
            int eol = run.indexOf('\n');
            if (eol > 0 && run.substring(0, eol).equals(command) && seen++ == n) {
                String body = run.substring(eol + 1);
                return body.substring(0, body.lastIndexOf("[rc="));
            }
        }
        throw new IllegalArgumentException(command + " not in " + transcript);
    }

    /** The exit status of the first run of {@code command} in a transcript. */
    static int status(String transcript, String command) {
        String text = new String(vector(transcript), StandardCharsets.UTF_8);
        int at = text.indexOf("$ " + command + "\n");
        int rc = text.indexOf("[rc=", at);
        return Integer.parseInt(text.substring(rc + 4, text.indexOf(']', rc)));
    }

    /** A machine whose DIMM holds what Linux left in the backing file after creating the three namespaces. */
    private static HotplugMachine linuxFile(String version) {
        HotplugMachine machine = HotplugMachine.qemu();
        String v = "v" + version + "/";
        machine.labelArea(0, vector(v + "labels.bin"));
        machine.writePmem(FSDAX + 0x1000, vector(v + "fsdax-info-at-0x1000.bin"));
        machine.writePmem(DEVDAX + 0x1000, vector(v + "devdax-info-at-0x1000.bin"));
        if (version.equals("1.1")) {
            machine.writePmem(SECTOR + 0x1000, vector(v + "sector-info-at-0x1000.bin"));
        } else {
            machine.writePmem(SECTOR, vector(v + "sector-info-at-0x0.bin"));
        }
        machine.writePmem(SECTOR + ARENA_END, vector(v + "sector-arena-end-at-0x1ffb000.bin"));
        return machine;
    }

    private static CommandResult run(ReferenceGuest guest, String line) {
        return guest.run(List.of(line.split(" ")));
    }

    private static String ok(ReferenceGuest guest, String line) {
        CommandResult r = run(guest, line);
        assertThat(r.exitCode()).as(line + ": " + r.combined()).isZero();
        return r.stdout();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1", "1.2"})
    void namespacesLinuxCreatedListAsNdctlListedThem(String version) {
        ReferenceGuest guest = ReferenceGuest.boot(linuxFile(version), dir);
        String transcript = "v" + version + "/create-transcript.out";
        assertThat(ok(guest, "ndctl list -N")).isEqualTo(printed(transcript, "ndctl list -N", 0));
        assertThat(ok(guest, "ndctl list -N -v")).isEqualTo(printed(transcript, "ndctl list -N -v", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1", "1.2"})
    void eachModeCreatesWhatLinuxCreatedButForItsUuids(String version) throws Exception {
        HotplugMachine machine = HotplugMachine.qemu();
        ReferenceGuest guest = ReferenceGuest.boot(machine, dir);
        String transcript = "v" + version + "/create-transcript.out";
        ok(guest, "ndctl disable-region region0");
        ok(guest, "ndctl init-labels nmem0 -V " + version);
        ok(guest, "ndctl enable-region region0");
        for (String create : List.of("ndctl create-namespace -r region0 -m fsdax -s 64M -n fsdax-ns",
                "ndctl create-namespace -r region0 -m devdax -s 32M -n devdax-ns",
                "ndctl create-namespace -r region0 -m sector -s 32M -n sector-ns")) {
            assertThat(withoutUuids(ok(guest, create))).as(create)
                    .isEqualTo(withoutUuids(printed(transcript, create, 0)));
        }
        assertThat(withoutUuids(ok(guest, "ndctl list -N -v")))
                .isEqualTo(withoutUuids(printed(transcript, "ndctl list -N -v", 0)));
        JsonNode labels = JSON.readTree(ok(guest, "ndctl read-labels nmem0 -j"));
        JsonNode linuxLabels = JSON.readTree(printed(transcript, "ndctl read-labels nmem0 -j", 0)
                .replace("read 1 nmem\n", ""));
        assertThat(withoutUuids(labels)).isEqualTo(withoutUuids(linuxLabels));

        String v = "v" + version + "/";
        assertThat(pfnFields(machine.readPmem(FSDAX + 0x1000, 4096)))
                .isEqualTo(pfnFields(vector(v + "fsdax-info-at-0x1000.bin")));
        assertThat(pfnFields(machine.readPmem(DEVDAX + 0x1000, 4096)))
                .isEqualTo(pfnFields(vector(v + "devdax-info-at-0x1000.bin")));
        long arena = version.equals("1.1") ? 0x1000 : 0;
        byte[] btt = machine.readPmem(SECTOR + arena, 4096);
        assertThat(BttInfoBlock.checksumValid(btt)).isTrue();
        assertThat(bttFields(btt)).isEqualTo(bttFields(vector(v + "sector-info-at-0x" + Long.toHexString(arena)
                + ".bin")));
        byte[] end = machine.readPmem(SECTOR + ARENA_END, 20480);
        byte[] linuxEnd = vector(v + "sector-arena-end-at-0x1ffb000.bin");
        assertThat(Arrays.copyOf(end, 16384)).as("the flog").isEqualTo(Arrays.copyOf(linuxEnd, 16384));
        assertThat(Arrays.copyOfRange(end, 16384, 20480)).as("the backup info block").isEqualTo(btt);
        assertThat(machine.readPmem(SECTOR + 0x1ff3000, 0x8000)).as("the map").isEqualTo(new byte[0x8000]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1", "1.2"})
    void destroyZeroesTheInfoBlocksAndFreesTheLabels(String version) {
        HotplugMachine machine = linuxFile(version);
        ReferenceGuest guest = ReferenceGuest.boot(machine, dir);
        String transcript = "v" + version + "/destroy-transcript.out";
        CommandResult refused = run(guest, "ndctl destroy-namespace namespace0.0");
        assertThat(refused.exitCode()).isEqualTo(240);
        assertThat(refused.combined() + "[rc=240]\n")
                .isEqualTo(printed(transcript, "ndctl destroy-namespace namespace0.0", 0) + "[rc=240]\n");
        for (String ns : List.of("namespace0.0", "namespace0.1", "namespace0.2")) {
            assertThat(run(guest, "ndctl destroy-namespace " + ns + " -f").stderr())
                    .isEqualTo(printed(transcript, "ndctl destroy-namespace " + ns + " -f", 0));
        }
        assertThat(ok(guest, "ndctl list -N")).isEmpty();
        for (long start : List.of(FSDAX, DEVDAX, SECTOR)) {
            assertThat(machine.readPmem(start, 8192)).isEqualTo(new byte[8192]);
        }
    }

    @Test
    void ndctlsRefusalsAreInItsWords() {
        ReferenceGuest guest = ReferenceGuest.boot(HotplugMachine.qemu(), dir);
        ok(guest, "ndctl disable-region region0");
        ok(guest, "ndctl init-labels nmem0");
        ok(guest, "ndctl enable-region region0");
        String transcript = "v1.1/destroy-transcript.out";
        for (String line : List.of("ndctl create-namespace -r region0 -m fsdax -s 4M -n tiny",
                "ndctl create-namespace -r region0 -m devdax -s 32M -a 3M",
                "ndctl create-namespace -r region0 -m sector -s 32M -l 1000")) {
            CommandResult r = run(guest, line);
            assertThat(r.combined().stripTrailing()).as(line)
                    .isEqualTo(printed(transcript, line, 0).stripTrailing());
        }
        assertThat(run(guest, "ndctl create-namespace -r region0 -m fsdax -s 4M -n tiny").exitCode()).isEqualTo(234);
        assertThat(run(guest, "ndctl create-namespace -r region0 -m devdax -s 32M -a 3M").exitCode()).isEqualTo(129);
    }

    @Test
    void fsdaxWithTheMemmapInSystemMemoryReservesOnlyTheAlignment() throws Exception {
        ReferenceGuest guest = ReferenceGuest.boot(HotplugMachine.qemu(), dir);
        ok(guest, "ndctl disable-region region0");
        ok(guest, "ndctl init-labels nmem0");
        ok(guest, "ndctl enable-region region0");
        String line = "ndctl create-namespace -r region0 -m fsdax -s 32M -M mem";
        assertThat(withoutUuids(ok(guest, line)))
                .as("the fourth namespace there, the first here").isEqualTo(withoutUuids(
                        printed("v1.1/destroy-transcript.out", line, 0).replace("namespace0.3", "namespace0.0").replace("pmem0.3", "pmem0")));
    }

    @Test
    void ndctlsDefaultsAndOptionsGiveLinuxsSizes() {
        ReferenceGuest guest = ReferenceGuest.boot(HotplugMachine.qemu(), dir);
        ok(guest, "ndctl disable-region region0");
        ok(guest, "ndctl init-labels nmem0");
        ok(guest, "ndctl enable-region region0");
        String transcript = "v1.1/defaults-transcript.out";
        for (String line : List.of("ndctl create-namespace -r region0 -s 32M -n nomode",
                "ndctl create-namespace -r region0 -m sector -s 32M -l 512 -n s512",
                "ndctl create-namespace -r region0 -m fsdax -s 48M -a 4096 -n fs4k",
                "ndctl create-namespace -r region0 -m devdax -s 32M -a 1G",
                "ndctl create-namespace -r region0 -m devdax -s 32M -M mem", "ndctl destroy-namespace all -f")) {
            if (line.contains("destroy")) {
                // Linux lists in the order its region holds the devices (here 0.2, 0.1, 0.3, 0.0), which the
                // reference does not model: the same namespaces, each printed alike
                assertThat(byDev(ok(guest, "ndctl list -N -u")))
                        .isEqualTo(byDev(withoutUuids(printed(transcript, "ndctl list -N -u", 0))));
            }
            CommandResult r = run(guest, line);
            assertThat(withoutUuids(r.combined()).stripTrailing()).as(line)
                    .isEqualTo(withoutUuids(printed(transcript, line, 0)).stripTrailing());
            assertThat(r.exitCode()).as(line).isEqualTo(status(transcript, line));
        }
    }

    private static java.util.Map<String, String> byDev(String listing) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try {
            for (JsonNode ns : JSON.readTree(withoutUuids(listing))) {
                out.put(ns.get("dev").asText(), ns.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String withoutUuids(String json) {
        return json.replaceAll("\"(uuid|raw_uuid)\":\"[0-9a-f-]{36}\"", "\"$1\":\"U\"");
    }

    private static JsonNode withoutUuids(JsonNode readLabels) {
        JsonNode copy = readLabels.deepCopy();
        JsonNode dimm = copy.isArray() ? copy.get(0) : copy;
        for (JsonNode l : dimm.get("label")) {
            ((ObjectNode) l).put("uuid", "U");
        }
        return dimm;
    }

    private static PfnInfoBlock pfnFields(byte[] block) {
        assertThat(PfnInfoBlock.checksumValid(block)).isTrue();
        PfnInfoBlock b = PfnInfoBlock.parse(block);
        UUID nil = new UUID(0, 0);
        return new PfnInfoBlock(b.signature(), nil, nil, b.flags(), b.versionMajor(), b.versionMinor(),
                b.dataOffset(), b.npfns(), b.mode(), b.startPad(), b.endTrunc(), b.align(), b.pageSize(),
                b.pageStructSize());
    }

    private static BttInfoBlock bttFields(byte[] block) {
        BttInfoBlock b = BttInfoBlock.parse(block);
        UUID nil = new UUID(0, 0);
        return new BttInfoBlock(nil, nil, b.flags(), b.versionMajor(), b.versionMinor(), b.externalLbaSize(),
                b.externalNlba(), b.internalLbaSize(), b.internalNlba(), b.nfree(), b.infoSize(), b.nextOffset(),
                b.dataOffset(), b.mapOffset(), b.logOffset(), b.info2Offset());
    }
}
