package dev.vnvdimm.cli;

import dev.vnvdimm.guest.aml.AmlInterpreter;
import dev.vnvdimm.guest.aml.runtime.AmlBuffer;
import dev.vnvdimm.guest.aml.runtime.AmlException;
import dev.vnvdimm.guest.aml.runtime.AmlFormatter;
import dev.vnvdimm.guest.aml.runtime.AmlInteger;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlString;
import dev.vnvdimm.guest.platform.SparseMemoryPlatform;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vnvdimm aml-eval [--method PATH] [--arg TYPE:VALUE ...] TABLE.aml [MORE.aml ...]}: loads ACPI tables
 * (as {@code iasl} writes them) into a fresh namespace of the reference guest's interpreter, with
 * SystemMemory and SystemIO backed by plain memory, evaluates one method and prints the result on one line:
 * {@code int 0x...}, {@code str "..."}, {@code buf <hex>}, {@code pkg [ ... ]}. An AML error is printed with
 * its opcode and offset, and the exit status is 1.
 */
@Command(name = "aml-eval", mixinStandardHelpOptions = true,
        description = "Load AML tables into the reference guest's interpreter and evaluate a method.")
final class AmlEvalCommand implements Callable<Integer> {

    @Option(names = "--method", defaultValue = "\\MAIN", paramLabel = "PATH",
            description = "Namespace path to evaluate (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--arg", paramLabel = "TYPE:VALUE",
            description = "An argument: int:0x10, str:text or buf:0102ff; repeat for more.")
    List<String> args = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "TABLE.aml", description = "Definition blocks (DSDT, SSDT).")
    List<Path> tables;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<byte[]> bytes = new ArrayList<>();
        for (Path t : tables) {
            if (!Files.isReadable(t)) {
                throw new IllegalArgumentException("aml-eval: cannot read table " + t + ": no such file");
            }
            bytes.add(Files.readAllBytes(t));
        }
        AmlObject[] arguments = args.stream().map(AmlEvalCommand::argument).toArray(AmlObject[]::new);
        try {
            AmlInterpreter aml = new AmlInterpreter(new SparseMemoryPlatform());
            aml.load(bytes.toArray(byte[][]::new));
            out.println(AmlFormatter.format(aml.evaluate(method, arguments)));
            out.flush();
            return 0;
        } catch (AmlException e) {
            err.println("vnvdimm: aml-eval: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    static AmlObject argument(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--arg " + spec + ": write TYPE:VALUE (int:, str:, buf:)");
        }
        String value = spec.substring(colon + 1);
        return switch (spec.substring(0, colon)) {
            case "int" -> AmlInteger.of(Long.decode(value));
            case "str" -> new AmlString(value);
            case "buf" -> new AmlBuffer(HexFormat.of().parseHex(value));
            default -> throw new IllegalArgumentException("--arg " + spec + ": unknown type (int, str, buf)");
        };
    }
}
