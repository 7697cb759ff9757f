package dev.vnvdimm.emulator.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code migrate-incoming}'s {@code channels} argument (QAPI {@code MigrationChannel}, QEMU 9.0 and later) read as
 * the {@link MigrationUri} it names: one channel of type {@code main} whose {@code addr} is a socket (inet or
 * unix), an {@code exec} argument vector, or a {@code file}. Refusals are QEMU's words as QEMU 10.0 and 11.1 say
 * them, measured with a QMP probe, including QAPI's path to a missing member ({@code channels[0].addr.port}).
 */
public final class MigrationChannel {
    /** QEMU's words for anything but one {@code main} channel. */
    public static final String ONE_MAIN_CHANNEL = "Channel list must have only one entry, for type 'main'";
    /** QEMU's words when a start names both or neither of {@code uri} and {@code channels}. */
    public static final String URI_OR_CHANNELS = "need either 'uri' or 'channels' argument";

    private MigrationChannel() {
    }

    /** The URI one {@code main} channel names. */
    public static MigrationUri parse(JsonNode channels) throws MigrationException {
        if (!channels.isArray()) {
            throw new MigrationException("Invalid parameter type for 'channels', expected: array");
        }
        if (channels.size() != 1) {
            throw new MigrationException(ONE_MAIN_CHANNEL);
        }
        JsonNode channel = channels.get(0);
        String type = member(channel, "channels[0]", "channel-type");
        if (!type.equals("main")) {
            throw new MigrationException("Parameter 'channel-type' does not accept value '" + type + "'");
        }
        if (!channel.has("addr")) {
            throw missing("channels[0].addr");
        }
        JsonNode addr = channel.get("addr");
        String path = "channels[0].addr";
        String transport = member(addr, path, "transport");
        return switch (transport) {
            case "socket" -> socket(addr, path);
            case "exec" -> new MigrationUri("exec", shellCommand(addr, path));
            case "file" -> file(addr, path);
            default -> throw new MigrationException("Parameter 'transport' does not accept value '" + transport + "'");
        };
    }

    private static MigrationUri socket(JsonNode addr, String path) throws MigrationException {
        String type = member(addr, path, "type");
        return switch (type) {
            case "inet" -> new MigrationUri("tcp", member(addr, path, "host") + ":" + member(addr, path, "port"));
            case "unix" -> new MigrationUri("unix", member(addr, path, "path"));
            default -> throw new MigrationException("Parameter 'type' does not accept value '" + type + "'");
        };
    }

    /** QEMU runs the argument vector itself; the reference's exec: runs a shell command, so each word is quoted. */
    private static String shellCommand(JsonNode addr, String path) throws MigrationException {
        JsonNode args = addr.get("args");
        if (args == null) {
            throw missing(path + ".args");
        }
        if (!args.isArray() || args.isEmpty()) {
            throw new MigrationException("Invalid parameter type for '" + path + ".args', expected: array");
        }
        List<String> words = new ArrayList<>();
        for (JsonNode a : args) {
            words.add("'" + a.asText().replace("'", "'\\''") + "'");
        }
        return String.join(" ", words);
    }

    private static MigrationUri file(JsonNode addr, String path) throws MigrationException {
        String filename = member(addr, path, "filename");
        long offset = addr.path("offset").asLong(0);
        if (offset != 0) { // QEMU's mapped-ram streams start at an offset; the reference writes the whole stream
            throw new MigrationException("the reference loads file: streams from offset 0 only, not " + offset);
        }
        return new MigrationUri("file", filename);
    }

    private static String member(JsonNode node, String path, String name) throws MigrationException {
        JsonNode v = node.get(name);
        if (v == null) {
            throw missing(path + "." + name);
        }
        if (!v.isTextual()) {
            throw new MigrationException("Invalid parameter type for '" + path + "." + name + "', expected: string");
        }
        return v.asText();
    }

    private static MigrationException missing(String path) {
        return new MigrationException("Parameter '" + path + "' is missing");
    }
}
