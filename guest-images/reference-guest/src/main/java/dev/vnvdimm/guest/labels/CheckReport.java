package dev.vnvdimm.guest.labels;

import java.util.List;

/**
 * Result of {@code check-labels}: {@code ok} when a valid index exists (what ndctl counts as a verified
 * DIMM); {@code messages} lists every index rule broken and every in-use slot whose label Linux would
 * ignore (wrong {@code slot} field, bad v1.2 checksum).
 */
public record CheckReport(boolean ok, List<String> messages) {
}
