/**
 * An AML (ACPI Machine Language) builder whose Java reads like the ASL it encodes, after QEMU's aml-build.
 *
 * <ul>
 *   <li>{@link dev.vnvdimm.emulator.acpi.aml.Aml}: one static builder per ASL term ({@code method},
 *       {@code ifThen}, {@code store}, {@code field}, ...), each citing the ACPI 6.4 §20.2 grammar rule;</li>
 *   <li>{@link dev.vnvdimm.abi.aml.AmlOpcode}: the opcode vocabulary (name prefixes included), shared with
 *       the guest's decoder;</li>
 *   <li>{@link dev.vnvdimm.abi.aml.PkgLength}, {@link dev.vnvdimm.abi.aml.Uuid} and this package's
 *       {@link dev.vnvdimm.emulator.acpi.aml.NameString}: the encodings every term relies on;</li>
 *   <li>{@link dev.vnvdimm.emulator.acpi.aml.AmlBlock#append} composes terms; a
 *       {@link dev.vnvdimm.emulator.acpi.aml.DefinitionBlock} builds the sealed table and reports where each
 *       {@link dev.vnvdimm.emulator.acpi.aml.NamedDWord} placeholder landed.</li>
 * </ul>
 * Encodings are checked against ACPICA's iasl for the same ASL (see the tests). Two iasl habits differ from
 * this builder, as from QEMU's: in revision-1 tables iasl writes 0xFFFFFFFF as Ones, and iasl folds the ASL+
 * assignment {@code X = A op B} into the operator's target where QEMU stores an untargeted result.
 */
package dev.vnvdimm.emulator.acpi.aml;
