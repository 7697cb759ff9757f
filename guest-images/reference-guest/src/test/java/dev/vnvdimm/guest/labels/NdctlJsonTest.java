package dev.vnvdimm.guest.labels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** ndctl 76.1's JSON, compared with the example transcripts byte for byte. */
class NdctlJsonTest {

    private static String readLabels(byte[] image) {
        return NdctlJson.print(NdctlJson.readLabels("nmem0", Vectors.area(image).dump()));
    }

    @Test
    void readLabelsOfABlankArea() {
        assertThat(readLabels(new byte[Vectors.AREA]))
                .isEqualTo(Vectors.transcriptJson("05-ndctl_read_labels_nmem0_j.out"));
    }

    @Test
    void readLabelsAfterInitV11() {
        assertThat(readLabels(Vectors.bin("labels-after-init.bin")))
                .isEqualTo(Vectors.transcriptJson("11-ndctl_read_labels_nmem0_j.out"));
    }

    @Test
    void readLabelsAfterTheFourCreatesShowsStaleSlotZeroToo() {
        assertThat(readLabels(Vectors.bin("labels-after-create.bin")))
                .isEqualTo(Vectors.transcriptJson("21-ndctl_read_labels_nmem0_j.out"));
    }

    @Test
    void readLabelsAfterInitV12() {
        assertThat(readLabels(Vectors.bin("labels-v1.2-after-init.bin")))
                .isEqualTo(Vectors.transcriptJson("v1.2-04-ndctl_read_labels_nmem0_j.out"));
    }

    @Test
    void readLabelsAfterCreateV12PrintsGuidsAsStoredBytes() {
        assertThat(readLabels(Vectors.bin("labels-v1.2-after-create.bin")))
                .isEqualTo(Vectors.transcriptJson("v1.2-08-ndctl_read_labels_nmem0_j.out"));
    }

    @Test
    void ourOwnInitAndCreatePrintWhatNdctlPrinted() {
        LabelStorageArea area = Vectors.area(new byte[Vectors.AREA]);
        area.initLabels(LabelVersion.V1_2, false);
        area.createNamespace(CreateRequest.raw(UUID.fromString("20784ebb-271c-4761-97e4-193d8255110c"),
                "v12-fsdax", 64L << 20, Vectors.PMEM_SIZE, InterleaveSetCookie.v12(
                        List.of(InterleaveSetCookie.Mapping.qemu(0)))).withAbstractionGuid(NamespaceLabel.PFN_GUID));
        assertThat(NdctlJson.print(NdctlJson.readLabels("nmem0", area.dump())))
                .isEqualTo(Vectors.transcriptJson("v1.2-08-ndctl_read_labels_nmem0_j.out"));
    }

    @Test
    void listOfTheRawNamespaceMatchesTheTranscriptsEntry() {
        Namespace raw = Vectors.area(Vectors.bin("labels-after-create.bin")).namespaces().stream()
                .filter(n -> n.name().equals("raw-ns")).findFirst().orElseThrow();
        String expected = """
                {
                  "dev":"namespace0.1",
                  "mode":"raw",
                  "size":33554432,
                  "uuid":"102b143c-25ac-4cdf-9c37-c0b804b58437",
                  "sector_size":512,
                  "blockdev":"pmem0.1",
                  "name":"raw-ns"
                }""";
        assertThat(NdctlJson.print(NdctlJson.rawNamespace(raw, "namespace0.1", "pmem0.1", false)))
                .isEqualTo(expected);
        assertThat(Vectors.transcriptJson("26-ndctl_list_N.out"))
                .contains(expected.replace("\n", "\n  ").replace("{\n", "  {\n"));
    }

    @Test
    void createNamespaceOutputOfTheRawNamespace() {
        Namespace raw = Vectors.area(Vectors.bin("labels-after-create.bin")).namespaces().get(1);
        assertThat(NdctlJson.print(NdctlJson.rawNamespace(raw, "namespace0.1", "pmem0.1", true)))
                .isEqualTo(Vectors.transcriptJson("17-ndctl_create_namespace_r_region0_m_raw_s_32M_n_raw_ns.out"));
    }

    @Test
    void seedAndLabelLessNamespacesAndVerboseNuma() {
        assertThat(NdctlJson.print(NdctlJson.display(List.of(
                NdctlJson.withNuma(NdctlJson.seedNamespace("namespace0.1"), 0, 0),
                NdctlJson.labelLessNamespace("namespace0.0", 268304384, "pmem0"))))).isEqualTo("""
                [
                  {
                    "dev":"namespace0.1",
                    "mode":"raw",
                    "size":0,
                    "uuid":"00000000-0000-0000-0000-000000000000",
                    "sector_size":512,
                    "state":"disabled",
                    "numa_node":0,
                    "target_node":0
                  },
                  {
                    "dev":"namespace0.0",
                    "mode":"raw",
                    "size":268304384,
                    "sector_size":512,
                    "blockdev":"pmem0"
                  }
                ]""");
    }

    @Test
    void oneItemPrintsAsItselfNotAsAnArray() {
        ObjectNode only = NdctlJson.seedNamespace("namespace0.1");
        assertThat(NdctlJson.print(NdctlJson.display(List.of(only)))).isEqualTo(NdctlJson.print(only)).startsWith("{");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "33554432|32.00 MiB (33.55 MB)",
            "32440320|30.94 MiB (32.44 MB)",
            "31457280|30.00 MiB (31.46 MB)",
            "65011712|62.00 MiB (65.01 MB)",
            "4294967296|4.00 GiB (4.29 GB)",
            "4398046511104|4.00 TiB (4.40 TB)",
            "5000|0.00 MiB (0.01 MB)",
            "2147483647|2048.00 MiB (2147.48 MB)",
            "2147483648|2.00 GiB (2.15 GB)",
            "2199023255551|2048.00 GiB (2199.02 GB)",
            "2199023255552|2.00 TiB (2.20 TB)"})
    void humanSizesAsCreateNamespacePrintsThem(long bytes, String text) {
        assertThat(NdctlJson.humanSize(bytes)).isEqualTo(text);
    }

    @Test
    void smallSizesStayNumbers() {
        assertThat(NdctlJson.humanSize(4999)).isNull();
    }

    @Test
    void emptyContainersAndJsonCEscapes() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putArray("label");
        o.putObject("x");
        o.put("name", "a/b\"c\n");
        assertThat(NdctlJson.print(o)).isEqualTo("{\n  \"label\":[\n  ],\n  \"x\":{\n  },\n  \"name\":\"a\\/b\\\"c\\n\"\n}");
    }
}
