package dev.vnvdimm.emulator.migration;

import dev.vnvdimm.emulator.hostmem.Progress;

/**
 * What the source has sent, as {@code query-migrate} counts it: bytes on every connection, and pages by kind.
 * The migration thread and the multifd channels' threads count into it alike.
 */
final class SentCounters {
    private long transferred;
    private long normalPages;
    private long zeroPages;
    private long processedBytes;
    private long totalBytes;
    private Progress.Task progress;

    /** Starts showing guest bytes processed, out of {@code totalBytes}, on {@code progress}. */
    synchronized void showOn(Progress.Task progress, long totalBytes) {
        this.progress = progress;
        this.totalBytes = totalBytes;
    }

    /** Bytes of the stream that are not pages: headers, sections other than RAM. */
    synchronized void sent(long wireBytes) {
        transferred += wireBytes;
    }

    /** One run of pages sent. */
    synchronized void sentPages(boolean zero, int count, long wireBytes, long guestBytes) {
        if (zero) {
            zeroPages += count;
        } else {
            normalPages += count;
        }
        transferred += wireBytes;
        processedBytes += guestBytes;
        if (progress != null) {
            progress.doneBytes(Math.min(processedBytes, totalBytes));
        }
    }

    synchronized long transferred() {
        return transferred;
    }

    synchronized long normalPages() {
        return normalPages;
    }

    synchronized long zeroPages() {
        return zeroPages;
    }
}
