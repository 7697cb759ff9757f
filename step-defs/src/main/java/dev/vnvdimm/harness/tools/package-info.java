/**
 * External programs the checks use when they are installed: found on {@code PATH} and run with a time limit, and
 * ACPICA's {@code iasl} to disassemble tables.
 */
package dev.vnvdimm.harness.tools;
