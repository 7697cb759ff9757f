package dev.vnvdimm.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.harness.targets.KnownDefect;
import dev.vnvdimm.harness.targets.NotApplicable;
import dev.vnvdimm.harness.targets.NotRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Allure report tells not run, not applicable and each known defect apart, by the messages they carry. */
class AllureCategoriesTest {
    @TempDir
    Path results;

    @Test
    void eachVerdictAllureCannotNameIsACategoryMatchingItsMessages() throws Exception {
        KnownDefect d = KnownDefect.of("qemu-aborts", "QEMU aborts", "nvdimm_validate_rw_label_data: Assertion");
        AllureCategories.write(results, Map.of(d.id(), d));
        JsonNode c = new ObjectMapper().readTree(results.resolve("categories.json").toFile());
        assertThat(c).hasSize(4);
        assertThat(c.get(0).get("name").asText()).startsWith("Not run");
        assertThat(message(new NotRun("iasl is not installed"))).matches(c.get(0).get("messageRegex").asText());
        assertThat(message(new NotApplicable("qemu", List.of("needs-raw-guest-dsm"))))
                .matches(c.get(1).get("messageRegex").asText())
                .doesNotMatch(c.get(0).get("messageRegex").asText());
        assertThat(c.get(2).get("name").asText()).isEqualTo("Known hypervisor defect qemu-aborts: QEMU aborts");
        String known = "Known hypervisor defect qemu-aborts: QEMU aborts\n\nguest command got no answer: QEMU ended:"
                + " ../hw/mem/nvdimm.c:401:\nnvdimm_validate_rw_label_data: Assertion `size' failed.\nmore";
        assertThat(known).matches(c.get(2).get("messageRegex").asText())
                .doesNotMatch(c.get(3).get("messageRegex").asText());
        assertThat(c.get(2).get("matchedStatuses").toString()).isEqualTo("[\"failed\",\"broken\"]");
        // the defect's words in a failure not judged to be the defect (another target, no tag) are a real failure
        String real = "nvdimm_validate_rw_label_data: Assertion `size' failed.\nmore";
        assertThat(real).matches(c.get(3).get("messageRegex").asText())
                .doesNotMatch(c.get(2).get("messageRegex").asText());
        assertThat(c.get(3).get("name").asText()).startsWith("Failed");
    }

    private static String message(Throwable t) {
        return t.getMessage();
    }
}
