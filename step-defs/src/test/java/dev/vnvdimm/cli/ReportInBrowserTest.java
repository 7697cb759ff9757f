package dev.vnvdimm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vnvdimm.acpica.ExternalTool;
import dev.vnvdimm.harness.HarnessSettings;
import dev.vnvdimm.harness.Targets;
import dev.vnvdimm.harness.fakes.ReferenceUnderAnotherName;
import dev.vnvdimm.harness.report.AllureReport;
import dev.vnvdimm.harness.targets.qemu.LinuxGuestImage;
import dev.vnvdimm.harness.targets.qemu.QemuBinary;
import dev.vnvdimm.harness.targets.qemu.QemuTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Opens the Allure report of a two-target run in a real headless Chromium, served from this machine, as a reviewer
 * would: the page asks no outside host for anything, and shows the categories (a known defect apart from a real
 * failure), the environment and the suites by target; the next report's trend carries this one's. The compliance
 * matrix beside it renders too, a column per target and the known defect linked to its summary. One run pairs the
 * reference with the reference under another name ({@link ReferenceUnderAnotherName}, whose declared defect the
 * reference reproduces), the other with the local QEMU and a defect of QEMU's own. Without Chromium, the Allure
 * command line or QEMU a run is not run, saying which is missing; it never passes then.
 */
class ReportInBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aTwoTargetReportShowsEveryResultByTargetAndAsksNoOutsideHost() throws Exception {
        Optional<Path> chromium = new ExternalTool("chromium", "chromium").location();
        assumeTrue(chromium.isPresent(), "not run: chromium is not installed (apt-get install chromium)");
        Path kit = HarnessSettings.fromSystemProperties().features().getParent();
        assumeTrue(AllureReport.commandLine(kit).isPresent(), "not run: the Allure command line is not under "
                + kit.resolve(".allure") + " (mvn verify installs it, or ./vnvdimm check)");

        Path reports = dir.resolve("reports");
        int exit = check(scratchFeatures(), reports);
        assertThat(exit).as("the reference fails the scratch scenario for real").isEqualTo(1);
        Path results = reports.resolve("allure-results");
        assertThat(AllureReport.generate(kit, results, reports)).startsWith("report: " + reports.resolve("allure.html"));

        List<JsonNode> scenarios = results(results);
        assertThat(scenarios).as("2 targets x 2 scenarios").hasSize(4);
        assertThat(scenarios.stream().map(r -> r.get("historyId").asText()).distinct()).hasSize(4);
        JsonNode known = scenarios.stream().filter(r -> label(r, "parentSuite").equals(ReferenceUnderAnotherName.NAME)
                && r.get("status").asText().equals("failed")).findFirst().orElseThrow();
        assertThat(known.at("/statusDetails/known").asBoolean()).isTrue();
        assertThat(known.at("/statusDetails/message").asText())
                .startsWith("Known hypervisor defect " + ReferenceUnderAnotherName.DEFECT);

        Path site = reports.resolve("allure");
        Pages pages = browse(chromium.get(), reports);
        Page overview = pages.overview();
        Page categories = pages.categories();
        Page suites = pages.suites();
        Page matrix = pages.matrix();
        assertThat(overview.dom()).contains("<title>vnvdimm check of reference, class:");
        // the overview shows the environment's first rows, and fetched all of it
        assertThat(overview.dom()).contains("Environment").contains("kit.commit").contains("kit.version");
        assertThat(String.join("\n", overview.requests())).contains("/widgets/environment.json");
        assertThat(site.resolve("widgets/environment.json")).content().contains("reference-again.emulator")
                .contains("reference.emulator").contains("tool.iasl");
        assertThat(categories.dom()).contains("Known hypervisor defect " + ReferenceUnderAnotherName.DEFECT)
                .contains("Failed: the target does not behave as the scenario says");
        // a parent suite per target, each holding the feature's suite
        assertThat(suites.dom()).containsPattern(">\\s*reference\\s*<")
                .containsPattern(">\\s*" + ReferenceUnderAnotherName.NAME + "\\s*<").contains("slots");
        assertThat(String.join("\n", categories.requests())).contains("/data/categories.json");
        // the matrix renders: a column per target, the known defect's cell linked to its summary
        assertThat(matrix.dom()).containsPattern("<th>\\s*reference\\s*<br>")
                .containsPattern("<th>\\s*" + ReferenceUnderAnotherName.NAME.replace(".", "\\.") + "\\s*<br>")
                .contains("href=\"#defect-" + ReferenceUnderAnotherName.DEFECT + "\"")
                .contains("id=\"defect-" + ReferenceUnderAnotherName.DEFECT + "\"");
        // the next report carries this one's history: its trend has two points
        AllureReport.generate(kit, results, reports);
        assertThat(JSON.readTree(site.resolve("history/history-trend.json").toFile())).hasSize(2);
    }

    /**
     * The same on the reference and the local QEMU: every scenario twice, once per target, QEMU's version and
     * accelerator in the environment, and QEMU's own known defect (a zero-length label read aborts it) shown as
     * known while the reference answers it. Not run without QEMU or its guest image, saying which is missing.
     */
    @Test
    void aRunOnTheReferenceAndRealQemuShowsBothTargetsAndQemusDefectAsKnown() throws Exception {
        Optional<Path> chromium = new ExternalTool("chromium", "chromium").location();
        assumeTrue(chromium.isPresent(), "not run: chromium is not installed (apt-get install chromium)");
        Path kit = HarnessSettings.fromSystemProperties().features().getParent();
        assumeTrue(AllureReport.commandLine(kit).isPresent(), "not run: the Allure command line is not under "
                + kit.resolve(".allure") + " (mvn verify installs it, or ./vnvdimm check)");
        assumeTrue(QemuBinary.find(Optional.empty()).isPresent(),
                "not run: qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)");
        LinuxGuestImage.missingTool().ifPresent(tool -> assumeTrue(false, "not run: the Linux guest image needs "
                + tool));

        Path f = Files.createDirectories(dir.resolve("features"));
        Files.writeString(f.resolve("dsm.feature"), """
                Feature: dsm
                  Background:
                    Given a machine started with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 512M,slots=4,maxmem=4G
                      -object memory-backend-file,id=mem1,share=on,mem-path={dir}/nv1.img,size=256M
                      -device nvdimm,id=nv1,memdev=mem1,slot=1,label-size=128K
                      \"\"\"

                  Scenario: the root device answers a query
                    When the DSM request handle 0, revision 1, function 0 is sent
                    Then the DSM reply starts with "8, 0"

                  @known-defect:qemu-zero-length-label-dsm-aborts
                  Scenario: a label read of length zero is refused
                    When the DSM request handle 2, revision 1, function 5 with arguments "0, 0" is sent
                    Then the DSM reply starts with "8, 3"
                """);
        Path reports = dir.resolve("reports");
        int exit = check(f, reports, Targets.REFERENCE + "," + QemuTarget.NAME);
        assertThat(exit).as("a known defect that reproduces is no failure").isZero();
        Path results = reports.resolve("allure-results");
        AllureReport.generate(kit, results, reports);

        List<JsonNode> scenarios = results(results);
        assertThat(scenarios).as("2 targets x 2 scenarios").hasSize(4);
        assertThat(scenarios.stream().map(r -> r.get("historyId").asText()).distinct()).hasSize(4);
        assertThat(scenarios.stream().map(r -> label(r, "parentSuite")))
                .containsExactlyInAnyOrder(Targets.REFERENCE, Targets.REFERENCE, QemuTarget.NAME, QemuTarget.NAME);
        JsonNode known = scenarios.stream().filter(r -> label(r, "parentSuite").equals(QemuTarget.NAME)
                && r.get("name").asText().contains("length zero")).findFirst().orElseThrow();
        assertThat(known.at("/statusDetails/known").asBoolean()).isTrue();
        assertThat(known.at("/statusDetails/message").asText())
                .startsWith("Known hypervisor defect qemu-zero-length-label-dsm-aborts");
        assertThat(scenarios.stream().filter(r -> label(r, "parentSuite").equals(Targets.REFERENCE)))
                .allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("passed"));

        Pages pages = browse(chromium.get(), reports);
        assertThat(reports.resolve("allure/widgets/environment.json")).content()
                .contains(QemuTarget.NAME + ".accelerator").contains(QemuTarget.NAME + ".qemu-binary");
        assertThat(pages.categories().dom())
                .contains("Known hypervisor defect qemu-zero-length-label-dsm-aborts");
        assertThat(pages.suites().dom()).containsPattern(">\\s*reference\\s*<")
                .containsPattern(">\\s*" + QemuTarget.NAME + "\\s*<").contains("dsm");
        assertThat(pages.matrix().dom()).containsPattern("<th>\\s*" + QemuTarget.NAME + "\\s*<br>")
                .contains("href=\"#defect-qemu-zero-length-label-dsm-aborts\"");
    }

    /** The report's overview, categories and suites and the matrix, as a browser shows them. */
    private record Pages(Page overview, Page categories, Page suites, Page matrix) {
    }

    /**
     * Serves {@code reports} (the Allure site and the matrix beside it) on the loopback and opens its pages in
     * Chromium; every request any page made stayed on this machine.
     */
    private Pages browse(Path chromium, Path reports) throws IOException, InterruptedException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = reports.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (Files.isDirectory(file)) {
                file = file.resolve("index.html");
            }
            boolean found = file.startsWith(reports) && Files.isRegularFile(file);
            byte[] body = found ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String root = "http://127.0.0.1:" + server.getAddress().getPort();
            String base = root + "/allure/index.html";
            Pages pages = new Pages(open(chromium, base, "overview"), open(chromium, base + "#categories",
                    "categories"), open(chromium, base + "#suites", "suites"), open(chromium, root
                    + "/compliance.html", "matrix"));
            for (Page p : List.of(pages.overview(), pages.categories(), pages.suites(), pages.matrix())) {
                assertThat(p.requests()).as("what the report's page asked for").isNotEmpty()
                        .allSatisfy(url -> assertThat(local(url)).as(url + " stays on this machine").isTrue());
            }
            return pages;
        } finally {
            server.stop(0);
        }
    }

    /** One scenario both targets pass, one the reference fails for real and the other as its known defect. */
    private Path scratchFeatures() throws IOException {
        Path f = Files.createDirectories(dir.resolve("features"));
        Files.writeString(f.resolve("slots.feature"), """
                Feature: slots
                  Scenario: one slot is taken
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=1,maxmem=1G
                      -object memory-backend-ram,id=r,size=64M -device nvdimm,id=nv,memdev=r
                      \"\"\"
                    Then memory device "nv" is in slot 0 at address 0x100000000

                  @known-defect:%s
                  Scenario: expects the wrong slot
                    When the machine starts with:
                      \"\"\"
                      -machine pc,nvdimm=on -m 256M,slots=2,maxmem=1G
                      -object memory-backend-ram,id=r,size=64M -device nvdimm,id=nv,memdev=r
                      \"\"\"
                    Then memory device "nv" is in slot 1 at address 0x100000000
                """.formatted(ReferenceUnderAnotherName.DEFECT));
        return f;
    }

    private static int check(Path features, Path reports) {
        return check(features, reports, Targets.REFERENCE + "," + Targets.CLASS_PREFIX
                + ReferenceUnderAnotherName.class.getName());
    }

    private static int check(Path features, Path reports, String targets) {
        CommandLine cl = VnvdimmCli.create();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        String previous = System.getProperty("allure.results.directory");
        try {
            return cl.execute("check", "--target", targets, "--features", features.toString(), "--reports",
                    reports.toString());
        } finally {
            if (previous != null) {
                System.setProperty("allure.results.directory", previous);
            }
        }
    }

    /** The page's DOM after its scripts ran, and the URLs requested on its behalf. */
    private record Page(String dom, List<String> requests) {
    }

    private Page open(Path chromium, String url, String name) throws IOException, InterruptedException {
        Path netLog = dir.resolve(name + "-net.json");
        Path dom = dir.resolve(name + ".html");
        List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--no-pings",
                // the browser's services that ask Google about a page it shows (form autofill, hints, translation)
                "--disable-features=AutofillServerCommunication,OptimizationHints,OptimizationHintsFetching,"
                        + "OptimizationGuideModelDownloading,Translate,NetworkTimeServiceQuerying,MediaRouter",
                // nothing resolves but this machine: a page asking an outside host is logged, and goes nowhere
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
                "--user-data-dir=" + Files.createDirectories(dir.resolve(name + "-profile")),
                "--log-net-log=" + netLog, "--virtual-time-budget=15000", "--dump-dom", url);
        Process p = new ProcessBuilder(cmd).redirectOutput(dom.toFile())
                .redirectError(dir.resolve(name + "-chromium.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s opening " + url);
        }
        assertThat(p.exitValue()).as("chromium's exit, see " + dir.resolve(name + "-chromium.log")).isZero();
        return new Page(Files.readString(dom), pageRequests(netLog, url));
    }

    /**
     * Every URL requested for the page: requests keyed to the page's site (its network isolation key), as opposed
     * to the browser's own services (component updates, accounts), which Chromium runs whatever the flags and keys
     * to no page; the resolver rules above keep those on this machine too.
     */
    static List<String> pageRequests(Path netLog, String pageUrl) throws IOException {
        JsonNode log = JSON.readTree(netLog.toFile());
        int startJob = log.at("/constants/logEventTypes/URL_REQUEST_START_JOB").asInt(-1);
        String site = URI.create(pageUrl).getScheme() + "://" + URI.create(pageUrl).getHost();
        List<String> urls = new ArrayList<>();
        for (JsonNode e : log.path("events")) {
            JsonNode params = e.path("params");
            String url = params.path("url").asText("");
            if (e.path("type").asInt() != startJob || url.isEmpty()) { // a job's later events repeat no URL
                continue;
            }
            String nik = params.path("network_isolation_key").asText("");
            String initiator = params.path("initiator").asText("");
            if (nik.contains(site) || initiator.startsWith(site) || url.startsWith(pageUrl)) {
                urls.add(url);
            } else if (!nik.startsWith("null") && !nik.contains("google.com")) {
                urls.add(url); // keyed to some other site: a page's, so it counts
            }
        }
        return urls;
    }

    private static boolean local(String url) {
        if (url.startsWith("data:") || url.startsWith("blob:")) {
            return true;
        }
        String host = URI.create(url).getHost();
        return "127.0.0.1".equals(host) || "localhost".equals(host);
    }

    private static List<JsonNode> results(Path results) throws IOException {
        try (Stream<Path> s = Files.list(results)) {
            List<JsonNode> out = new ArrayList<>();
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList()) {
                out.add(JSON.readTree(p.toFile()));
            }
            return out;
        }
    }

    private static String label(JsonNode result, String name) {
        for (JsonNode l : result.path("labels")) {
            if (l.path("name").asText().equals(name)) {
                return l.path("value").asText();
            }
        }
        return "";
    }
}
