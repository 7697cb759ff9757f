/**
 * ACPICA's tools, run once for the whole kit: {@code iasl} (compile ASL or a data table, disassemble a table, write a
 * template) and {@code acpiexec} (load tables, run debugger commands), on {@link dev.vnvdimm.acpica.ExternalTool},
 * which finds a program on {@code PATH} (or {@code vnvdimm.tool.path}) and runs it with a time limit. A missing tool
 * is reported by its reason, for a test to skip or a check to be not run; never a pass. Depends on nothing of the
 * kit.
 */
package dev.vnvdimm.acpica;
