package dev.vnvdimm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every verb that takes a machine takes QEMU's options exactly as QEMU does, in order and untouched, with or
 * without {@code --} before them: no verb option swallows {@code -object}, {@code -m}, {@code -M}, {@code -S}
 * (picocli's clustered short options and standard {@code -h}/{@code -V} included): a verb's own options come first,
 * and from the first argument that is not one of them everything is QEMU's.
 */
class QemuOptionsTest {
    /** A QEMU command line with every one-dash option a verb could mistake for its own. */
    static final List<String> QEMU = List.of("-machine", "pc,nvdimm=on", "-M", "pc,nvdimm=on",
            "-m", "512M,slots=4,maxmem=4G", "-object", "memory-backend-file,id=mem1,share=on,mem-path=/tmp/x,size=64M",
            "-device", "nvdimm,id=nv1,memdev=mem1,label-size=128K", "-S", "-smp", "2", "-numa", "node,memdev=mem1",
            "-display", "none", "-nodefaults", "-overcommit", "mem-lock=off", "-msg", "timestamp=on",
            "-qmp", "unix:q.sock,server=on,wait=off", "-serial", "unix:c.sock,server=on,wait=off",
            "-incoming", "defer", "-d", "guest_errors", "-D", "log.txt", "-o", "-h", "-V", "--json", "--dsl");

    private static CommandLine.ParseResult parse(List<String> args) {
        return VnvdimmCli.create().parseArgs(args.toArray(String[]::new)).subcommand();
    }

    private static List<String> with(List<String> before, boolean dashDash, List<String> after) {
        List<String> all = new ArrayList<>(before);
        if (dashDash) {
            all.add("--");
        }
        all.addAll(after);
        return all;
    }

    @ParameterizedTest(name = "with --: {0}")
    @ValueSource(booleans = {false, true})
    void emuTakesQemusOptionsAsGiven(boolean dashDash) {
        EmuCommand emu = (EmuCommand) parse(with(List.of("emu"), dashDash, QEMU)).commandSpec().userObject();
        assertThat(emu.qemuOptions).containsExactlyElementsOf(QEMU);
        assertThat(emu.json).isFalse();
    }

    @ParameterizedTest(name = "with --: {0}")
    @ValueSource(booleans = {false, true})
    void dumpTablesTakesQemusOptionsAsGiven(boolean dashDash) {
        DumpTablesCommand dump = (DumpTablesCommand) parse(with(List.of("dump-tables", "-o", "out"), dashDash, QEMU))
                .commandSpec().userObject();
        assertThat(dump.output).isEqualTo(Path.of("out"));
        assertThat(dump.qemuOptions).containsExactlyElementsOf(QEMU);
    }

    @ParameterizedTest(name = "with --: {0}")
    @ValueSource(booleans = {false, true})
    void dumpTablesTakesItsOutputAfterQemusOptionsToo(boolean dashDash) {
        List<String> args = new ArrayList<>(List.of("dump-tables", "--output", "out", "--dsl"));
        DumpTablesCommand dump = (DumpTablesCommand) parse(with(args, dashDash, QEMU)).commandSpec().userObject();
        assertThat(dump.dsl).isTrue();
        assertThat(dump.qemuOptions).containsExactlyElementsOf(QEMU);
    }

    /** For guest, {@code --} is its own separator: QEMU's options before it, the guest's command after. */
    @ParameterizedTest(name = "QEMU options given: {0}")
    @ValueSource(booleans = {false, true})
    void guestTakesQemusOptionsThenItsCommand(boolean qemuGiven) {
        List<String> args = new ArrayList<>(List.of("guest"));
        if (qemuGiven) {
            args.addAll(QEMU);
        }
        args.addAll(List.of("--", "ndctl", "list", "-D", "-N", "--", "-v", ";", "dmesg"));
        GuestCommand guest = (GuestCommand) parse(args).commandSpec().userObject();
        List<String> expected = new ArrayList<>(qemuGiven ? QEMU : List.of());
        expected.addAll(List.of("--", "ndctl", "list", "-D", "-N", "--", "-v", ";", "dmesg"));
        assertThat(guest.arguments).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "with --: {0}")
    @ValueSource(booleans = {false, true})
    void amlEvalTakesTablesWithOrWithoutTheSeparator(boolean dashDash) {
        List<String> args = with(List.of("aml-eval", "--method", "\\_SB.NVDR._DSM", "--arg", "int:1"), dashDash,
                List.of("dsdt.aml", "ssdt.aml"));
        AmlEvalCommand eval = (AmlEvalCommand) parse(args).commandSpec().userObject();
        assertThat(eval.tables).containsExactly(Path.of("dsdt.aml"), Path.of("ssdt.aml"));
        assertThat(eval.args).containsExactly("int:1");
    }
}
