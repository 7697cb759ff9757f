/**
 * A deliberately wrong little kit with the layout of the real one ({@code acpica}, {@code abi}, {@code guest},
 * {@code emulator}, {@code system}, {@code harness}, {@code cli}): each class whose name says it reaches somewhere it must not
 * breaks one of {@code LayeringRules}, and the others stand for the dependencies the rules allow. {@code LayeringTest} checks
 * that every rule reports exactly its own breakers here. Not a production package: tests only.
 */
package dev.vnvdimm.layeringfixture;
