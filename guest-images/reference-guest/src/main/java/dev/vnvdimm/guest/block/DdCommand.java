package dev.vnvdimm.guest.block;

import dev.vnvdimm.guest.ndctl.CommandResult;
import dev.vnvdimm.guest.platform.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code dd if=SRC of=DST [bs=N] [count=N] [skip=N] [seek=N]} and {@code sha256sum}/{@code md5sum PATH...}, as busybox has them
 * in the Linux guest, over the guest's pmem block devices, {@code /dev/zero}, {@code /dev/urandom} and files
 * in the working directory — enough to put data on a namespace and compare it elsewhere. Files are the host's,
 * through {@link Platform#hostFiles()}.
 */
public final class DdCommand {
    private final Platform platform;
    private final Function<String, Optional<PmemBlockDevice>> devices;
    private final Path workingDirectory;

    public DdCommand(Platform platform, Function<String, Optional<PmemBlockDevice>> devices, Path workingDirectory) {
        this.platform = platform;
        this.devices = devices;
        this.workingDirectory = workingDirectory;
    }

    public CommandResult dd(List<String> args) {
        Map<String, String> op = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                return CommandResult.fail(1, "", "dd: invalid operand '" + a + "'\n");
            }
            op.put(a.substring(0, eq), a.substring(eq + 1));
        }
        try {
            long bs = size(op.getOrDefault("bs", "512"));
            long skip = Long.parseLong(op.getOrDefault("skip", "0"));
            long seek = Long.parseLong(op.getOrDefault("seek", "0"));
            String in = op.getOrDefault("if", "/dev/zero");
            String outName = op.get("of");
            if (outName == null) {
                return CommandResult.fail(1, "", "dd: missing 'of=' (the guest has no standard output device)\n");
            }
            long inSize = length(in);
            long count = op.containsKey("count") ? Long.parseLong(op.get("count"))
                    : Math.max(0, (inSize - skip * bs + bs - 1) / bs);
            Optional<PmemBlockDevice> outDev = outName.startsWith("/dev/") ? devices.apply(outName) : Optional.empty();
            if (outName.startsWith("/dev/") && outDev.isEmpty()) {
                return CommandResult.fail(1, "", "dd: can't open '" + outName + "': No such file or directory\n");
            }
            byte[] block = new byte[(int) bs];
            long records = 0;
            for (long i = 0; i < count; i++) {
                int n = read(in, (skip + i) * bs, block);
                if (n <= 0) {
                    break;
                }
                long at = (seek + i) * bs;
                if (outDev.isPresent()) {
                    if (outDev.get().readOnly()) {
                        // Linux opens a read-only disk for writing and fails the write (EPERM); busybox has read
                        // the block it could not write
                        return CommandResult.fail(1, "", "dd: error writing '" + outName + "': Operation not "
                                + "permitted\n" + (records + 1) + "+0 records in\n" + records + "+0 records out\n");
                    }
                    if (at + n > outDev.get().size()) {
                        return CommandResult.fail(1, "", records + "+0 records in\n" + records + "+0 records out\n"
                                + "dd: error writing '" + outName + "': No space left on device\n");
                    }
                    byte[] part = n == block.length ? block : Arrays.copyOf(block, n);
                    platform.writeMemory(outDev.get().address() + at, part);
                } else {
                    platform.hostFiles().write(workingDirectory.resolve(outName), at, block, n);
                }
                records++;
            }
            return CommandResult.ok("", records + "+0 records in\n" + records + "+0 records out\n");
        } catch (NumberFormatException e) {
            return CommandResult.fail(1, "", "dd: invalid number '" + e.getMessage() + "'\n");
        } catch (IOException | IllegalArgumentException e) {
            return CommandResult.fail(1, "", "dd: " + e.getMessage() + "\n");
        }
    }

    /** {@code sha256sum PATH...}: busybox's output, a digest and the path per line. */
    public CommandResult sha256sum(List<String> args) {
        return digestSum("sha256sum", "SHA-256", args);
    }

    /** {@code md5sum PATH...}: as {@code sha256sum}, with MD5, which a TCG guest computes in two thirds the time. */
    public CommandResult md5sum(List<String> args) {
        return digestSum("md5sum", "MD5", args);
    }

    private CommandResult digestSum(String command, String algorithm, List<String> args) {
        StringBuilder out = new StringBuilder();
        for (String path : args) {
            try {
                MessageDigest md = MessageDigest.getInstance(algorithm);
                long size = length(path);
                byte[] chunk = new byte[1 << 20];
                for (long at = 0; at < size; at += chunk.length) {
                    int n = (int) Math.min(chunk.length, size - at);
                    read(path, at, chunk);
                    md.update(chunk, 0, n);
                }
                out.append(HexFormat.of().formatHex(md.digest())).append("  ").append(path).append('\n');
            } catch (IllegalArgumentException e) { // already names the path, as busybox does
                return CommandResult.fail(1, out.toString(), command + ": " + e.getMessage() + "\n");
            } catch (IOException e) {
                return CommandResult.fail(1, out.toString(), command + ": " + path + ": " + e.getMessage() + "\n");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return CommandResult.ok(out.toString(), "");
    }

    private long length(String path) throws IOException {
        if (path.equals("/dev/zero") || path.equals("/dev/urandom")) {
            return Long.MAX_VALUE;
        }
        if (path.startsWith("/dev/")) {
            return devices.apply(path).map(PmemBlockDevice::size)
                    .orElseThrow(() -> new IllegalArgumentException("can't open '" + path + "': No such file or directory"));
        }
        Path f = workingDirectory.resolve(path);
        if (!platform.hostFiles().exists(f)) {
            throw new IllegalArgumentException("can't open '" + path + "': No such file or directory");
        }
        return platform.hostFiles().size(f);
    }

    /** Fills {@code block} from {@code path} at {@code at}; the bytes read (short at the end). */
    private int read(String path, long at, byte[] block) throws IOException {
        switch (path) {
            case "/dev/zero" -> {
                Arrays.fill(block, (byte) 0);
                return block.length;
            }
            case "/dev/urandom" -> {
                RANDOM.nextBytes(block);
                return block.length;
            }
            default -> {
                long size = length(path);
                int n = (int) Math.max(0, Math.min(block.length, size - at));
                if (n == 0) {
                    return 0;
                }
                if (path.startsWith("/dev/")) {
                    byte[] b = new byte[n];
                    platform.readMemory(devices.apply(path).orElseThrow().address() + at, b);
                    System.arraycopy(b, 0, block, 0, n);
                } else {
                    platform.hostFiles().read(workingDirectory.resolve(path), at, block, n);
                }
                return n;
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A dd size: a number with an optional K, M or G suffix (powers of 1024). */
    static long size(String text) {
        long unit = switch (text.isEmpty() ? ' ' : Character.toUpperCase(text.charAt(text.length() - 1))) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
        long v = Long.parseLong(digits);
        if (v <= 0 || v > (64L << 20) / unit) {
            throw new IllegalArgumentException("invalid number '" + text + "'");
        }
        return v * unit;
    }
}
