package dev.vnvdimm.guest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What the reference guest holds beyond guest memory, carried in a migration's GUEST_STATE section so the
 * guest resumes on the destination as it was: which regions are enabled, the namespace device names it gave
 * (a Linux guest keeps its {@code namespaceR.N} names across migration) and its kernel log. JSON, version 1.
 */
public record GuestState(int version, List<RegionState> regions, List<String> log) {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One region: enabled or not, namespace uuid → number, the seed's number (null: not yet given), and its
     * DIMM's name and NFIT device handle (null in a state written before hot-plug: the names then follow the
     * destination's probe order).
     */
    public record RegionState(String dev, boolean enabled, Map<String, Integer> namespaceIds, Integer seed,
                              String nmem, Long handle) {
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a guest state this guest understands */
    public static GuestState fromJson(byte[] json) {
        try {
            GuestState s = JSON.readValue(json, GuestState.class);
            if (s.version() != VERSION) {
                throw new IllegalArgumentException("guest state version " + s.version() + " is not supported");
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable guest state: " + e.getMessage(), e);
        }
    }
}
