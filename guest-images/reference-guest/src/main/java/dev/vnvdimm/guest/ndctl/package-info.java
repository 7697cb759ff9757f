/**
 * The reference guest's {@code ndctl}: ndctl 76.1's command names, options, messages and JSON for pmem namespaces
 * in raw, fsdax, devdax and sector mode — {@link dev.vnvdimm.guest.ndctl.Ndctl} dispatches to {@code list}, the DIMM (label), region and
 * namespace commands, which share ndctl's option syntax ({@code CommandLineOptions}) and closing count line
 * ({@code Summary}) — and the {@code nvdimm-dsm} command that calls a device's {@code _DSM} with chosen arguments.
 * Also the result every guest command returns (exit code, stdout, stderr).
 */
package dev.vnvdimm.guest.ndctl;
