package dev.vnvdimm.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.infoblock.BttInfoBlock;
import dev.vnvdimm.abi.infoblock.PfnInfoBlock;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Backing files and directories on the host, before and after the hypervisor used them. */
public final class BackingFileSteps {
    private final ScenarioWorld world;

    public BackingFileSteps(ScenarioWorld world) {
        this.world = world;
    }

    @Given("a file {string} of {size}")
    public void aFileOf(String name, Long size) throws IOException {
        Path p = world.file(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        world.snapshots().put(name, FileSnapshot.of(p));
    }

    @Given("a file {string} of {size} that starts with {string}")
    public void aFileThatStartsWith(String name, Long size, String text) throws IOException {
        Path p = world.file(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
            f.write(text.getBytes(StandardCharsets.UTF_8));
        }
        world.snapshots().put(name, FileSnapshot.of(p));
    }

    @Given("an empty file {string}")
    public void anEmptyFile(String name) throws IOException {
        Files.write(world.file(name), new byte[0]);
        world.snapshots().put(name, FileSnapshot.of(world.file(name)));
    }

    @Given("a directory {string}")
    public void aDirectory(String name) throws IOException {
        Files.createDirectories(world.file(name));
    }

    @Then("the file {string} is {size} long")
    public void theFileIsLong(String name, Long size) throws IOException {
        assertThat(world.file(name)).exists();
        assertThat(Files.size(world.file(name))).isEqualTo(size);
    }

    @Then("the file {string} has {long} bytes")
    public void theFileHasBytes(String name, Long size) throws IOException {
        theFileIsLong(name, size);
    }

    @Then("the file {string} does not exist")
    public void theFileDoesNotExist(String name) {
        assertThat(world.file(name)).doesNotExist();
    }

    /** The blocks the host's file system holds for the file ({@code stat}'s %b of %B bytes) cover all of it. */
    @Then("every byte of the {size} file {string} is allocated on disk")
    public void everyByteAllocated(Long size, String name) throws IOException, InterruptedException {
        theFileIsLong(name, size);
        assertThat(allocatedBytes(name)).as("bytes allocated to %s", name).isGreaterThanOrEqualTo(size);
    }

    /** The file is all holes: its blocks were given back to the file system (e.g. by discard-data). */
    @Then("no block of the file {string} is allocated on disk")
    public void noBlockAllocated(String name) throws IOException, InterruptedException {
        assertThat(world.file(name)).exists();
        assertThat(allocatedBytes(name)).as("bytes allocated to %s", name).isZero();
    }

    private long allocatedBytes(String name) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", world.file(name).toString()).redirectErrorStream(true)
                .start();
        String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(stat.waitFor()).as("stat %s: %s", name, out).isZero();
        String[] blocks = out.split(" ");
        return Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
    }

    @Then("the directory {string} is empty")
    public void theDirectoryIsEmpty(String name) throws IOException {
        try (Stream<Path> s = Files.list(world.file(name))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Given("the file {string} is remembered")
    public void theFileIsRemembered(String name) {
        world.snapshots().put(name, FileSnapshot.of(world.file(name)));
    }

    @Then("the file {string} is unchanged")
    public void theFileIsUnchanged(String name) {
        FileSnapshot before = world.snapshots().get(name);
        assertThat(before).as("the scenario must create '%s' before it can say it is unchanged", name).isNotNull();
        assertThat(FileSnapshot.of(world.file(name))).isEqualTo(before);
    }

    @Then("the file {string} holds {string} at offset {size}")
    public void theFileHolds(String name, String text, Long offset) throws IOException {
        assertThat(readFile(name, offset, text.length())).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Then("the file {string} does not hold {string} at offset {size}")
    public void theFileDoesNotHold(String name, String text, Long offset) throws IOException {
        byte[] bytes = readFile(name, offset, text.length());
        assertThat(bytes).isNotEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Then("the file {string} reads as zeros at offset {size} for {size}")
    public void theFileReadsAsZeros(String name, Long offset, Long length) throws IOException {
        // chunk by chunk, naming the first non-zero byte: a whole file boxed into one assertion is slow and mute
        int chunk = 1 << 20;
        for (long at = offset; at < offset + length; at += chunk) {
            byte[] b = readFile(name, at, (int) Math.min(chunk, offset + length - at));
            for (int i = 0; i < b.length; i++) {
                if (b[i] != 0) {
                    assertThat(b[i]).as("byte at offset %d of %s", at + i, name).isZero();
                }
            }
        }
    }

    /**
     * A 4 KiB info block as Linux writes one to claim a namespace ({@code NVDIMM_PFN_INFO}, {@code NVDIMM_DAX_INFO},
     * {@code BTT_ARENA_INFO}): its signature, and the Fletcher-64 checksum Linux checks before it accepts it.
     */
    @Then("the file {string} holds a {word} info block at offset {size}")
    public void theFileHoldsAnInfoBlock(String name, String signature, Long offset) throws IOException {
        byte[] block = readFile(name, offset, PfnInfoBlock.SIZE);
        boolean btt = signature.equals(BttInfoBlock.SIGNATURE_TEXT);
        String found = btt ? BttInfoBlock.find(block).map(b -> signature).orElse("no valid block")
                : PfnInfoBlock.find(block).map(PfnInfoBlock::signature).orElse("no valid block");
        assertThat(found).as("the info block at %d of %s", offset, name).isEqualTo(signature);
    }

    private byte[] readFile(String name, long offset, int length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(world.file(name).toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(offset);
            f.readFully(b);
            return b;
        }
    }
}
