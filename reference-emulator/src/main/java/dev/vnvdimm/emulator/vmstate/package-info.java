/**
 * Device state as a migration carries it: each device with state outside guest RAM snapshots and restores its
 * own bytes under its id, so the migration iterates devices and knows nothing of what they hold.
 */
package dev.vnvdimm.emulator.vmstate;
