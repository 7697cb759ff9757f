/**
 * The {@code vnvdimm} command line (picocli), one class per verb: {@code check}, {@code emu}, {@code guest},
 * {@code dump-tables}, {@code aml-eval}, with the default machine and errors printed as QEMU prints them. It sits
 * on top of everything; nothing else in the kit depends on it.
 */
package dev.vnvdimm.cli;
