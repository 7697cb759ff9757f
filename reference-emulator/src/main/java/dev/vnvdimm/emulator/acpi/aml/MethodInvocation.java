package dev.vnvdimm.emulator.acpi.aml;


import java.util.List;

/**
 * A call of a control method: its NameString followed by the arguments, with no opcode of its own
 * (ACPI 6.4 §20.2.5.4 MethodInvocation := NameString TermArgList). The decoder knows how many arguments to read
 * from the method's declaration, which is why a call can only be parsed once the callee is known.
 */
final class MethodInvocation implements AmlTerm {

    private final NameString method;
    private final List<AmlTerm> args;

    MethodInvocation(NameString method, AmlTerm... args) {
        this.method = method;
        this.args = List.of(args);
    }

    @Override
    public int length() {
        int n = method.length();
        for (AmlTerm a : args) {
            n += a.length();
        }
        return n;
    }

    @Override
    public void writeTo(AmlWriter out) {
        method.writeTo(out);
        args.forEach(a -> a.writeTo(out));
    }
}
