/**
 * The guest console's framing, defined once: how a host sends command lines to a guest over a serial line and
 * reads back each command's output and exit status. Not ACPI, but an ABI between host and guest like the rest of
 * this module: the reference guest's serial console, the Linux guest image's {@code /init} and the harness's
 * client all speak it, and nothing here depends on any other part of the kit.
 */
package dev.vnvdimm.abi.console;
