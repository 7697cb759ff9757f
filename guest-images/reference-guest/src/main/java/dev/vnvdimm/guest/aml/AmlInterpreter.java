package dev.vnvdimm.guest.aml;

import dev.vnvdimm.guest.aml.parser.AmlParser;
import dev.vnvdimm.guest.aml.parser.TableLoader;
import dev.vnvdimm.guest.aml.runtime.AmlObject;
import dev.vnvdimm.guest.aml.runtime.AmlOptions;
import dev.vnvdimm.guest.aml.runtime.AmlTable;
import dev.vnvdimm.guest.aml.runtime.AmlWarning;
import dev.vnvdimm.guest.aml.runtime.Block;
import dev.vnvdimm.guest.aml.runtime.Interpreter;
import dev.vnvdimm.guest.aml.runtime.Namespace;
import dev.vnvdimm.guest.aml.runtime.NamespaceNode;
import dev.vnvdimm.guest.aml.runtime.NotifyHandler;
import dev.vnvdimm.guest.aml.runtime.RegionHandler;
import dev.vnvdimm.guest.aml.runtime.TermParser;
import dev.vnvdimm.guest.platform.Platform;

import java.util.List;

/**
 * The reference guest's AML interpreter: loads DSDT/SSDT definition blocks into a {@link Namespace} and evaluates
 * control methods, touching the machine only through {@link Platform}.
 *
 * <pre>{@code
 * AmlInterpreter interp = new AmlInterpreter(platform, AmlOptions.defaults());
 * interp.load(dsdtBytes, ssdtBytes);
 * AmlObject r = interp.evaluate("\\_SB.NVDR.NV00._DSM", uuidBuffer, AmlInteger.of(1), AmlInteger.of(0), pkg);
 * String line = AmlFormatter.format(r);                  // "buf 71000000"
 * interp.registerNotifyHandler("\\_SB.NVDR", (dev, v) -> ...);
 * for (NamespaceNode d : interp.devices()) { interp.evaluateChild(d, "_ADR"); }
 * }</pre>
 *
 * <p>This is the entry only: it joins the execution core ({@link Interpreter}) to the parser ({@link TableLoader},
 * {@link AmlParser}), so the core itself never names the parser. Concurrency is the core's: one interpreter lock,
 * held while AML runs and released while a method waits, so other threads can run AML meanwhile.
 */
public final class AmlInterpreter {
    /** What the Revision operator returns (the interpreter's version, ACPICA-style yyyymmdd). */
    public static final long REVISION = Interpreter.REVISION;

    /** The parser, as the core asks for it: whole tables at load, method bodies on their first call. */
    private static final TermParser PARSER = new TermParser() {
        @Override
        public void loadTable(Interpreter interp, AmlTable table, NamespaceNode scope) {
            new TableLoader(interp, table, scope).load();
        }

        @Override
        public Block parseMethodBody(Interpreter interp, AmlTable table, NamespaceNode scope, int start, int end) {
            return new AmlParser(interp, table, scope).parseMethodBody(start, end);
        }
    };

    private final Interpreter core;

    public AmlInterpreter(Platform platform) {
        this(platform, AmlOptions.defaults());
    }

    public AmlInterpreter(Platform platform, AmlOptions options) {
        this.core = new Interpreter(platform, options, PARSER);
    }

    /**
     * Loads definition blocks (whole tables with their 36-byte headers), DSDT first whatever the argument order.
     * The first call fixes the integer width (see {@link AmlOptions#integerWidth()}). As in Linux, a term that cannot
     * be loaded (a name that exists already, a Scope to a path that does not) is skipped with a {@link #warnings()
     * warning} and the rest of the table loads; a table that cannot be decoded is refused with an
     * {@link dev.vnvdimm.guest.aml.runtime.AmlException} and leaves nothing behind.
     */
    public void load(byte[]... tableBytes) {
        core.load(tableBytes);
    }

    /**
     * Makes tables known without loading them, as the firmware's RSDT/XSDT lists them, so that AML's LoadTable can
     * find them (any signature; the tables {@link #load} loads are known too).
     */
    public void install(byte[]... tableBytes) {
        core.install(tableBytes);
    }

    /**
     * What the interpreter logged and went past, oldest first: terms a table's load skipped, Fatals the AML ran (the
     * first {@link Interpreter#MAX_WARNINGS}; {@link AmlOptions#warningSink()} sees them all as they happen).
     */
    public List<AmlWarning> warnings() {
        return core.warnings();
    }

    /** The AML integer width in bits: 32 when the DSDT revision is below 2, else 64. */
    public int integerWidth() {
        return core.integerWidth();
    }

    public Namespace namespace() {
        return core.namespace();
    }

    /** Every Device in the namespace, in namespace order. */
    public List<NamespaceNode> devices() {
        return core.devices();
    }

    /** Evaluates the object at an absolute path ({@code \_SB.NVDR.NV00._DSM}): calls a method, reads a value. */
    public AmlObject evaluate(String path, AmlObject... args) {
        return core.evaluate(path, args);
    }

    /** Evaluates {@code child} ({@code "_ADR"}) of {@code node}. */
    public AmlObject evaluateChild(NamespaceNode node, String child, AmlObject... args) {
        return core.evaluateChild(node, child, args);
    }

    /** Evaluates a node: a method is called with {@code args}; any other object yields its value. */
    public AmlObject evaluate(NamespaceNode node, AmlObject... args) {
        return core.evaluate(node, args);
    }

    /**
     * Handles an address space other than SystemMemory (0) and SystemIO (1). PCI_Config (2) starts with a handler
     * for a machine without PCI functions (reads all ones, writes dropped); a region in any other space without a
     * handler fails with {@code AE_NOT_EXIST}, as in ACPICA.
     */
    public void registerRegionHandler(int space, RegionHandler handler) {
        core.registerRegionHandler(space, handler);
    }

    /** Calls {@code handler} for every Notify on the object at {@code path} ({@code \_SB.NVDR}). */
    public void registerNotifyHandler(String path, NotifyHandler handler) {
        core.registerNotifyHandler(path, handler);
    }

    /** Calls {@code handler} for every Notify on any object. */
    public void registerNotifyHandler(NotifyHandler handler) {
        core.registerNotifyHandler(handler);
    }
}
