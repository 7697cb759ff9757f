/**
 * The QEMU command line as management tools and the kit's scenarios write it: split into arguments as a shell
 * would, and sizes in QEMU's notation. Besides the guest ABI it is the one interface every part of the kit speaks
 * — the emulator parses it, the harness hands it to whichever target runs — so it is defined here once; nothing
 * here depends on any other part of the kit.
 */
package dev.vnvdimm.abi.qemu;
