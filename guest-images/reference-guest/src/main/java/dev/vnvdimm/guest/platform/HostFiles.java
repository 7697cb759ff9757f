package dev.vnvdimm.guest.platform;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Files on the host that guest commands name: {@code ndctl read-labels -o FILE}, {@code write-labels -i FILE},
 * {@code nvdimm-dsm --data-file FILE}, {@code dd if=FILE of=FILE} and {@code sha256sum FILE}. The reference guest
 * has no file system of its own; these stand in for the files a real guest would copy in and out, and a test can
 * keep them in memory. Paths arrive already resolved against the guest's working directory.
 */
public interface HostFiles {
    /** The host's file system through {@link java.nio.file.Files}. */
    HostFiles LOCAL = new LocalHostFiles();

    boolean exists(Path file);

    /** The file's length in bytes. */
    long size(Path file) throws IOException;

    /** The whole file. */
    byte[] readAll(Path file) throws IOException;

    /** Replaces the file's contents with {@code bytes}, creating it if needed. */
    void writeAll(Path file, byte[] bytes) throws IOException;

    /** Reads up to {@code length} bytes at {@code position} into the start of {@code dst}; the bytes read. */
    int read(Path file, long position, byte[] dst, int length) throws IOException;

    /** Writes the first {@code length} bytes of {@code src} at {@code position}, creating the file if needed. */
    void write(Path file, long position, byte[] src, int length) throws IOException;
}
