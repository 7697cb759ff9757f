/**
 * The Java reference guest: boots on a machine as an OS does (ACPI tables, then the NVDIMMs in Linux's order) and
 * runs the command lines a Linux guest with ndctl takes, so one set of scenario steps drives both. It sees the
 * machine only through {@link dev.vnvdimm.guest.platform.Platform}; no guest package depends on an emulator,
 * harness or CLI class, only on {@code guest-abi}.
 */
package dev.vnvdimm.guest;
