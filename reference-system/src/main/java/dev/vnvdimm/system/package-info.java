/**
 * The reference system, what {@code vnvdimm emu} runs: a reference-emulator machine with the reference guest booted
 * on it ({@code ReferenceSystem}), and as a long-running instance with its QMP monitor, guest console and migration
 * ({@code EmulatorInstance}). The only place that knows both the emulator and the guest, which never know each
 * other: {@code MachinePlatform} opens the guest's {@code Platform} onto an emulator machine.
 */
package dev.vnvdimm.system;
