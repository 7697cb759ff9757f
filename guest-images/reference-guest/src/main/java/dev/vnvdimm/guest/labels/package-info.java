/**
 * NVDIMM namespace labels as Linux and ndctl 76.1 read and write them on a QEMU virtual NVDIMM: the label
 * storage area of UEFI 2.7 "NVDIMM Label Protocol", "Label Storage Area Description" (two namespace index
 * blocks followed by label slots), the v1.1 (128-byte) and v1.2 (256-byte) namespace labels, the label
 * half of ndctl's command set ({@code init-labels}, {@code read-labels}, {@code write-labels},
 * {@code zero-labels}, {@code check-labels}, raw {@code create-namespace}/{@code destroy-namespace}) and
 * ndctl's JSON shapes for them.
 *
 * <p>The package is a pure library: it sees the label area only through {@link dev.vnvdimm.guest.labels.LabelStore},
 * which the guest implements with the Intel {@code _DSM} functions 4/5/6 (Get Label Size, Get/Set Label
 * Data). One class per binary layout ({@link dev.vnvdimm.guest.labels.NamespaceIndex},
 * {@link dev.vnvdimm.guest.labels.NamespaceLabel}, {@link dev.vnvdimm.guest.labels.Fletcher64}); the area
 * model and its operations are {@link dev.vnvdimm.guest.labels.LabelStorageArea}, which changes labels through
 * {@code LabelUpdate} (the kernel's crash-safe write order) and places new namespaces by {@code LabelAllocation}
 * (Linux's policy: first-fit DPA, first free slot); JSON is {@link dev.vnvdimm.guest.labels.NdctlJson}.
 */
package dev.vnvdimm.guest.labels;
