package dev.vnvdimm.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Attachment names are for a person: one short line, whatever the step put in them. */
class ReportAttachmentsTest {
    @Test
    void aLongOrManyLinedNameIsCutToOneShortLine() {
        assertThat(ReportAttachments.shortName("memory map")).isEqualTo("memory map");
        assertThat(ReportAttachments.shortName("guest: " + "ab".repeat(4096))).hasSize(ReportAttachments.NAME_LENGTH)
                .endsWith("…");
        assertThat(ReportAttachments.shortName("HMP device_add nvdimm\nmore")).isEqualTo("HMP device_add nvdimm …");
    }
}
