/**
 * Streams over blocking socket channels that can be read and written at the same time, which the JDK's own
 * {@code Channels} streams cannot. Used by the monitor, the serial line and migration; depends on nothing of the
 * kit.
 */
package dev.vnvdimm.emulator.io;
