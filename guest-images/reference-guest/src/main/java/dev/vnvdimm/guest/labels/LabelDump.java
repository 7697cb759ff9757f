package dev.vnvdimm.guest.labels;

import java.util.List;

/**
 * What {@code ndctl read-labels -j} shows: both index blocks as stored (valid or not) and the label slots
 * from slot 0 up to the first slot whose {@code slot} field does not hold its own number. This ignores the
 * free bitmap, so stale and UPDATING labels appear too, and an all-zero slot 0 appears on a blank area.
 * The geometry is the detected one, or 128-byte labels when no index is valid.
 */
public record LabelDump(LabelGeometry geometry, List<NamespaceIndex> index, List<NamespaceLabel> labels) {
}
