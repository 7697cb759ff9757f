/**
 * The kit's migration stream, defined once (grammar in {@link dev.vnvdimm.abi.migration.MigrationStream}): the
 * header, the framing of a section, the RAM section's header, the MULTIFD section's payload, a multifd
 * channel's header and the destination's answers on the return path, each one layout with its encoder and
 * decoder. The emulator's source and destination speak it; like all of {@code guest-abi}, this package depends
 * on no other part of the kit.
 */
package dev.vnvdimm.abi.migration;
