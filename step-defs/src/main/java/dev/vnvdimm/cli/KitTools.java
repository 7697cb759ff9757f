package dev.vnvdimm.cli;

import dev.vnvdimm.acpica.ExternalTool;
import java.util.List;

/** The programs parts of the kit need, what each is for, and the one command that installs it (Debian). */
final class KitTools {
    record Tool(String program, String debianPackage, String neededFor) {
        boolean installed() {
            return new ExternalTool(program, debianPackage).isInstalled();
        }

        String install() {
            return "apt-get install " + debianPackage;
        }
    }

    static final List<Tool> ALL = List.of(
            new Tool("iasl", "acpica-tools", "scenarios that disassemble ACPI tables; recompiling the ASL test cases"),
            new Tool("acpiexec", "acpica-tools", "the AML interpreter's oracle tests (ACPICA runs the same ASL)"),
            new Tool("qemu-system-x86_64", "qemu-system-x86", "--target qemu"),
            new Tool("docker", "docker.io", "--target qemu-container:VERSION"));

    private KitTools() {
    }

    /** The missing programs, as one line naming each with its install command; empty when all are here. */
    static String missing() {
        return String.join("; ", ALL.stream().filter(t -> !t.installed())
                .map(t -> t.program() + " (" + t.install() + ")").toList());
    }

    /** One line per program: found or missing, what it is for, how to install it. */
    static List<String> table() {
        return ALL.stream().map(t -> String.format("%-20s %-8s %-36s %s", t.program(),
                t.installed() ? "found" : "MISSING", t.install(), t.neededFor())).toList();
    }
}
