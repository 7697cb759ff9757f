/**
 * The guest's pmem block devices ({@code /dev/pmemR}, {@code /dev/pmemR.N}) and busybox's {@code dd} and
 * {@code sha256sum} over them, enough to put data on a namespace and compare it elsewhere. Reads and writes go to
 * guest-physical memory through the {@code Platform}.
 */
package dev.vnvdimm.guest.block;
