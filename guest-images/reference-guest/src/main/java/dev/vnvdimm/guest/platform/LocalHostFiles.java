package dev.vnvdimm.guest.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@link HostFiles#LOCAL}: the host's file system. */
final class LocalHostFiles implements HostFiles {
    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public long size(Path file) throws IOException {
        return Files.size(file);
    }

    @Override
    public byte[] readAll(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    @Override
    public void writeAll(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }

    @Override
    public int read(Path file, long position, byte[] dst, int length) throws IOException {
        try (var ch = FileChannel.open(file)) {
            return ch.read(ByteBuffer.wrap(dst, 0, length), position);
        }
    }

    @Override
    public void write(Path file, long position, byte[] src, int length) throws IOException {
        try (var ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(src, 0, length), position);
        }
    }
}
