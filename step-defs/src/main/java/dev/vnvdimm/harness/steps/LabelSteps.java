package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.dsm.DsmStatus;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.harness.model.CommandResult;
import dev.vnvdimm.harness.report.Hexdump;
import dev.vnvdimm.harness.report.ReportAttachments;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An NVDIMM's label area as the guest reaches it through {@code _DSM} (the {@code nvdimm-dsm} command: raw
 * calls with chosen arguments), and as it lands at the end of the backing file on the host.
 */
public final class LabelSteps {
    private static final Pattern REPLY = Pattern.compile("status 0x([0-9a-f]+)\\ndata ([0-9a-f]*)\\n");
    private static final Pattern SHORT = Pattern.compile("reply ([0-9a-f]*) \\((\\d+) bytes, no status word\\)\\n");

    private final ScenarioWorld world;
    private final GuestSteps guest;
    private int lastStatus = -1;
    private byte[] lastData = new byte[0];
    private String lastShortReply;

    public LabelSteps(ScenarioWorld world, GuestSteps guest) {
        this.world = world;
        this.guest = guest;
    }

    /** A raw _DSM call from the guest; a label write goes with the regions disabled, as Linux requires. */
    private void dsm(String arguments) {
        if (arguments.contains("--function " + IntelDsm.SET_LABEL_DATA + " ")) {
            withRegionsDisabled(() -> dsmNow(arguments));
        } else {
            dsmNow(arguments);
        }
    }

    private void dsmNow(String arguments) {
        CommandResult r = guest.theGuestRuns("nvdimm-dsm " + arguments);
        assertThat(r.exitCode()).as("nvdimm-dsm %s: %s", arguments, r.combined()).isZero();
        Matcher m = REPLY.matcher(r.stdout());
        Matcher s = SHORT.matcher(r.stdout());
        if (m.matches()) {
            lastStatus = (int) Long.parseLong(m.group(1), 16);
            lastData = HexFormat.of().parseHex(m.group(2));
            lastShortReply = null;
        } else if (s.matches()) {
            lastStatus = -1;
            lastData = new byte[0];
            lastShortReply = s.group(1);
        } else {
            throw new AssertionError("unexpected nvdimm-dsm output: " + r.stdout());
        }
    }

    @Then("{word} has a label area of {size} with a maximum transfer of {int} bytes")
    public void hasLabelArea(String nmem, Long size, Integer maxXfer) {
        IntelDsm.LabelSize labelSize = labelSize(nmem);
        assertThat(Integer.toUnsignedLong(labelSize.areaSize())).as("label area size").isEqualTo(size);
        assertThat(labelSize.maxTransfer()).as("max_xfer").isEqualTo(maxXfer);
    }

    /** The label area size the guest gets from Get Namespace Label Size (function 4). */
    long labelAreaSize(String nmem) {
        return Integer.toUnsignedLong(labelSize(nmem).areaSize());
    }

    private IntelDsm.LabelSize labelSize(String nmem) {
        dsm(nmem + " --function " + IntelDsm.GET_LABEL_SIZE + " --no-arg3");
        assertThat(lastStatus).as("status of Get Namespace Label Size on %s", nmem).isZero();
        return IntelDsm.LabelSize.decode(lastOutput());
    }

    /** The _DSM's whole output as the guest got it: the status word nvdimm-dsm printed, then the data. */
    private byte[] lastOutput() {
        byte[] status = DsmStatus.output(lastStatus);
        byte[] output = Arrays.copyOf(status, status.length + lastData.length);
        System.arraycopy(lastData, 0, output, status.length, lastData.length);
        return output;
    }

    /**
     * Function 0's bitmap, as the guest's kernel recorded it from its own queries: sysfs {@code nfit/dsm_mask}
     * holds the functions 1 and up that the DIMM offered (Linux cannot be asked to send function 0 itself, and
     * the query's own bit is set whenever anything is offered); a DIMM offering nothing matches no command
     * family, and its mask cannot be read.
     */
    @Then("{word} offers the _DSM functions {word}")
    public void offersFunctions(String nmem, String bitmap) {
        long offered = Long.decode(bitmap);
        CommandResult r = guest.theGuestRuns("cat /sys/bus/nd/devices/" + nmem + "/nfit/dsm_mask");
        if (offered == 0) {
            assertThat(r.exitCode()).as("reading the dsm_mask of %s, which should offer nothing; it printed %s", nmem,
                    r.combined()).isNotZero();
            assertThat(r.stderr()).as("why the dsm_mask of %s cannot be read", nmem)
                    .contains("No such device or address");
            return;
        }
        assertThat(offered & 1).as("function 0 is in any non-empty bitmap (%s)", bitmap).isEqualTo(1);
        assertThat(r.exitCode()).as("reading the dsm_mask of %s: %s", nmem, r.combined()).isZero();
        assertThat(Long.decode(r.stdout().strip())).as("dsm_mask of %s (functions 1 and up of bitmap %s)", nmem,
                bitmap).isEqualTo(offered & ~1L);
    }

    @When("the guest calls _DSM function {int} on {word}")
    public void callsFunction(Integer function, String nmem) {
        dsm(nmem + " --function " + function + " --no-arg3");
    }

    @When("the guest calls _DSM function {int} on {word} with revision {int}")
    public void callsFunctionWithRevision(Integer function, String nmem, Integer revision) {
        dsm(nmem + " --function " + function + " --revision " + revision + " --no-arg3");
    }

    @When("the guest calls _DSM function {int} on {word} with the UUID {word}")
    public void callsFunctionWithUuid(Integer function, String nmem, String uuid) {
        dsm(nmem + " --function " + function + " --uuid " + uuid + " --no-arg3");
    }

    @When("the guest calls _DSM function {int} on {word} with offset {word} and length {word}")
    public void callsWithOffsetAndLength(Integer function, String nmem, String offset, String length) {
        dsm(nmem + " --function " + function + " --offset " + offset + " --length " + length);
    }

    @When("the guest calls _DSM function {int} on {word} with offset {word}, length {word} and data {word}")
    public void callsWithData(Integer function, String nmem, String offset, String length, String data) {
        dsm(nmem + " --function " + function + " --offset " + offset + " --length " + length + " --data " + data);
    }

    @Then("the _DSM status is {int}")
    public void theStatusIs(Integer status) {
        assertThat(lastShortReply).as("a reply with a status word").isNull();
        assertThat(lastStatus).isEqualTo(status);
    }

    @Then("the _DSM reply is the one-byte buffer {word}")
    public void theReplyIsOneByte(String hex) {
        assertThat(lastShortReply).as("the AML's own one-byte refusal").isEqualTo(hex);
    }

    @Then("the _DSM returns the data {word}")
    public void theDsmReturnsData(String hex) {
        assertThat(lastStatus).isZero();
        assertThat(HexFormat.of().formatHex(lastData)).isEqualTo(hex);
    }

    /**
     * Writes {@code length} bytes of a pattern at {@code offset} with Set Namespace Label Data, in as many calls
     * as the device's maximum transfer needs, the way Linux splits a label write.
     */
    @When("the guest writes {int} pattern bytes at label offset {int} of {word}")
    public void writesPattern(Integer length, Integer offset, String nmem) {
        int max = maxTransfer(nmem);
        byte[] data = pattern(offset, length);
        withRegionsDisabled(() -> {
            for (int done = 0; done < length; done += max) {
                int n = Math.min(max, length - done);
                String hex = HexFormat.of().formatHex(data, done, done + n);
                dsmNow(nmem + " --function " + IntelDsm.SET_LABEL_DATA + " --offset " + (offset + done) + " --length "
                        + n + " --data " + hex);
                assertThat(lastStatus).as("Set Namespace Label Data at %d+%d", offset + done, n).isZero();
            }
        });
    }

    /**
     * Label writes as Linux allows them: with the regions disabled (its passthrough refuses a label write to a
     * DIMM whose region is enabled, -EBUSY), and enabled again afterwards if they were.
     */
    private void withRegionsDisabled(Runnable labelWrites) {
        CommandResult regions = guest.theGuestRuns("ndctl list -R");
        assertThat(regions.exitCode()).as("ndctl list -R: %s", regions.combined()).isZero();
        boolean enabled = !regions.stdout().isBlank();
        if (enabled) {
            regionCommand("ndctl disable-region all");
        }
        labelWrites.run();
        if (enabled) {
            regionCommand("ndctl enable-region all");
        }
    }

    private void regionCommand(String commandLine) {
        CommandResult r = guest.theGuestRuns(commandLine);
        assertThat(r.exitCode()).as("'%s' around label writes printed:\n%s", commandLine, r.combined()).isZero();
    }

    @Then("the guest reads the {int} pattern bytes back from label offset {int} of {word}")
    public void readsPatternBack(Integer length, Integer offset, String nmem) {
        int max = maxTransfer(nmem);
        byte[] read = new byte[length];
        for (int done = 0; done < length; done += max) {
            int n = Math.min(max, length - done);
            dsm(nmem + " --function " + IntelDsm.GET_LABEL_DATA + " --offset " + (offset + done) + " --length "
                    + n);
            assertThat(lastStatus).isZero();
            assertThat(lastData).hasSize(n);
            System.arraycopy(lastData, 0, read, done, n);
        }
        assertThat(read).isEqualTo(pattern(offset, length));
    }

    @Then("the guest reads {int} zero bytes from label offset {int} of {word}")
    public void readsZeros(Integer length, Integer offset, String nmem) {
        dsm(nmem + " --function " + IntelDsm.GET_LABEL_DATA + " --offset " + offset + " --length " + length);
        assertThat(lastStatus).as("status of Get Namespace Label Data").isZero();
        assertThat(lastData).as("label bytes %d to %d of %s", offset, offset + length, nmem).hasSize(length)
                .containsOnly(0);
    }

    /**
     * The guest's own label writes, 64 pattern bytes at the first and at the last bytes of the area, land at the
     * start and at the end of the file's last {@code areaSize} bytes.
     */
    @Then("the guest's label writes at both ends of {word}'s label area land in the last {size} of file {string}")
    public void writesAtBothEndsLand(String nmem, Long areaSize, String file) throws IOException {
        int n = 64;
        int end = Math.toIntExact(areaSize - n);
        writesPattern(n, 0, nmem);
        writesPattern(n, end, nmem);
        fileTailHoldsPattern(areaSize, file, n, 0);
        fileTailHoldsPattern(areaSize, file, n, end);
    }

    /** The label area is the last label-size bytes of the backing file: check the pattern there, host side. */
    @Then("the last {size} of file {string} hold the {int} pattern bytes at offset {int}")
    public void fileTailHoldsPattern(Long areaSize, String file, Integer length, Integer offset) throws IOException {
        byte[] tail = fileTail(file, areaSize);
        byte[] got = Arrays.copyOfRange(tail, offset, offset + length);
        if (!Arrays.equals(got, pattern(offset, length))) {
            ReportAttachments.text("label area in " + file, Hexdump.of(tail));
        }
        assertThat(got).isEqualTo(pattern(offset, length));
    }

    /** Where a label write lands in a backing file, host side: the label area's place in the backend. */
    @Then("the file {string} holds the {int} pattern bytes from label offset {int} at offset {size}")
    public void fileHoldsPattern(String file, Integer length, Integer labelOffset, Long fileOffset)
            throws IOException {
        byte[] got = new byte[length];
        try (FileChannel ch = FileChannel.open(world.file(file))) {
            ByteBuffer b = ByteBuffer.wrap(got);
            while (b.hasRemaining() && ch.read(b, fileOffset + b.position()) > 0) {
                // read until full or end of file
            }
        }
        assertThat(got).as("%d bytes of %s at offset %d", length, file, fileOffset)
                .isEqualTo(pattern(labelOffset, length));
    }

    @When("the last {size} of file {string} are remembered")
    public void rememberTail(Long areaSize, String file) throws IOException {
        remembered = fileTail(file, areaSize);
    }

    @Then("the last {size} of file {string} are unchanged")
    public void tailUnchanged(Long areaSize, String file) throws IOException {
        assertThat(remembered).as("remember the label area first").isNotNull();
        assertThat(fileTail(file, areaSize)).isEqualTo(remembered);
    }

    /** Compares with a label area real ndctl 76.1 wrote on QEMU 7.2 (features/golden/ndctl-76.1-on-qemu-7.2/). */
    @Then("the last {size} of file {string} are ndctl 76.1's {string}")
    public void tailIsNdctlVector(Long areaSize, String file, String vector) throws IOException {
        byte[] expected = Files.readAllBytes(world.featuresDir()
                .resolve("golden/ndctl-76.1-on-qemu-7.2").resolve(vector));
        byte[] actual = fileTail(file, areaSize);
        if (!Arrays.equals(actual, expected)) {
            ReportAttachments.text("label area written", Hexdump.of(Arrays.copyOf(actual, 1024)));
            ReportAttachments.text("label area ndctl wrote", Hexdump.of(Arrays.copyOf(expected, 1024)));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Then("the last {size} of file {string} read as zeros")
    public void tailIsZero(Long areaSize, String file) throws IOException {
        assertThat(fileTail(file, areaSize)).containsOnly(0);
    }

    private byte[] remembered;

    private byte[] fileTail(String file, long size) throws IOException {
        return world.fileTail(file, size);
    }

    private int maxTransfer(String nmem) {
        return labelSize(nmem).maxTransfer();
    }

    /**
     * A pattern whose every byte is a hash of its label offset: it has no period (the old one repeated every
     * 64 KiB), so a chunk of more than a few bytes that lands at the wrong offset reads differently. A single byte
     * still matches another offset's by chance one time in 256.
     */
    static byte[] pattern(int offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            int h = (offset + i + 1) * 0x9E3779B1;
            h ^= h >>> 15;
            h *= 0x85EBCA77;
            h ^= h >>> 13;
            b[i] = (byte) (h ^ (h >>> 8) ^ (h >>> 16) ^ (h >>> 24));
        }
        return b;
    }
}
