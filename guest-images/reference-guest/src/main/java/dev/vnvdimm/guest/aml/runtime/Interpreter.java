package dev.vnvdimm.guest.aml.runtime;

import dev.vnvdimm.guest.platform.Clock;
import dev.vnvdimm.guest.platform.Platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The interpreter's state and execution core behind the public {@code AmlInterpreter}: the {@link Namespace}, the
 * integer width, method invocation, the interpreter lock, notify delivery and the hooks, touching the machine only
 * through {@link Platform}. The parser and the operators reach it through {@link Frame#interp}; it parses only
 * through the {@link TermParser} it is given, so it does not depend on the parser, and the parser can sit above it.
 *
 * <p>Concurrency follows ACPICA: one interpreter lock, held while AML runs and released while a method waits
 * (Acquire, Wait, Sleep, a busy Serialized method), so other threads can run AML meanwhile.
 */
public final class Interpreter {
    /** What the Revision operator returns (the interpreter's version, ACPICA-style yyyymmdd). */
    public static final long REVISION = 0x20261125L;
    /** How many warnings {@link #warnings()} keeps: a runaway loop of Fatals must not fill the heap. */
    public static final int MAX_WARNINGS = 1000;
    /** How many invocations of one method may be under way at once, recursion included (ACPICA's limit too). */
    public static final int MAX_METHOD_NESTING = 255;

    final Platform platform;
    public final Clock clock;
    public final AmlOptions options;
    public final Namespace namespace = new Namespace();
    final Map<Integer, RegionHandler> regionHandlers = new ConcurrentHashMap<>();
    public final long loopTimeoutNanos;
    private final TermParser parser;

    public int intBits = 64;
    public int intBytes = 8;
    public long intMask = -1L;
    public AmlInteger ones = AmlInteger.ONES64;
    private boolean widthFixed;

    private final Map<String, Integer> knownMethodArgs = new ConcurrentHashMap<>();
    private final ReentrantLock interpLock = new ReentrantLock();
    private final Map<String, List<NotifyHandler>> notifyHandlers = new ConcurrentHashMap<>();
    private final List<NotifyHandler> anyNotifyHandlers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<ArrayDeque<Object[]>> pendingNotifies = ThreadLocal.withInitial(ArrayDeque::new);
    /** The tables known: loaded ones and those installed for LoadTable. */
    public final DefinitionBlocks tables;
    /** The first {@link #MAX_WARNINGS} warnings; later ones still reach the options' warning sink. */
    private final List<AmlWarning> warnings = new CopyOnWriteArrayList<>();
    private final AtomicLong warningCount = new AtomicLong();
    private final AmlMutex globalLock = new AmlMutex(0);
    /** Where errors of a call from outside AML are located: no opcode, no offset, no table. */
    private final Node api = new Block(new Node[0], -1, null);

    /** The strings {@code \_OSI} answers true for. */
    private static final Set<String> OSI = Set.of("Windows 2000", "Windows 2001", "Windows 2001 SP1",
            "Windows 2001.1", "Windows 2001 SP2", "Windows 2001.1 SP1", "Windows 2006", "Windows 2006.1",
            "Windows 2006 SP1", "Windows 2006 SP2", "Windows 2009", "Windows 2012", "Windows 2013", "Windows 2015",
            "Windows 2016", "Windows 2017", "Windows 2017.2", "Windows 2018", "Windows 2018.2", "Windows 2019",
            "Windows 2020", "Windows 2021", "Windows 2022", "Module Device", "Processor Device", "3.0 Thermal Model",
            "3.0 _SCP Extensions", "Processor Aggregator Device", "Extended Address Space Descriptor");

    public Interpreter(Platform platform, AmlOptions options, TermParser parser) {
        this.platform = platform;
        this.clock = platform.clock();
        this.options = options;
        this.parser = parser;
        this.loopTimeoutNanos = options.loopTimeout().toNanos();
        this.tables = new DefinitionBlocks(this, parser);
        NamespaceNode root = namespace.root();
        // ACPICA installs its own PCI_Config handler at start-up; with no device behind it, reads are all ones
        regionHandlers.put(AmlRegion.PCI_CONFIG, new AbsentPciFunction());
        namespace.predefine("\\_GPE", new AmlContainer(ObjectType.UNINITIALIZED));
        namespace.predefine("\\_PR", new AmlContainer(ObjectType.UNINITIALIZED));
        namespace.predefine("\\_SB", new AmlContainer(ObjectType.DEVICE));
        namespace.predefine("\\_SI", new AmlContainer(ObjectType.UNINITIALIZED));
        namespace.predefine("\\_TZ", new AmlContainer(ObjectType.UNINITIALIZED));
        namespace.predefine("\\_GL", globalLock);
        namespace.predefine("\\_OS", new AmlString("Microsoft Windows NT"));
        namespace.predefine("\\_REV", AmlInteger.of(2));
        AmlMethod osi = new AmlMethod(1, args -> args[0] instanceof AmlString s && OSI.contains(s.value)
                ? ones : AmlInteger.ZERO);
        osi.node = namespace.predefine("\\_OSI", osi);
        assert root != null;
    }

    // ---- loading -----------------------------------------------------------------------------------------

    /**
     * Loads definition blocks (whole tables with their 36-byte headers), DSDT first whatever the argument order.
     * The first call fixes the integer width (see {@link AmlOptions#integerWidth()}). A term a table cannot load
     * (a name that already exists, a Scope to a path that does not) is skipped with an {@link AmlWarning} and the
     * rest of the table loads, as ACPICA does; a table that cannot be decoded at all is refused whole, with none of
     * its objects left in the namespace, and the tables after it in the same call are not loaded.
     */
    public void load(byte[]... tableBytes) {
        List<AmlTable> ts = new ArrayList<>();
        for (byte[] t : tableBytes) {
            AmlTable table = new AmlTable(t.clone());
            if (!table.signature.equals("DSDT") && !table.signature.equals("SSDT")) {
                throw new AmlException("AE_BAD_SIGNATURE", "not a definition block: " + table.signature);
            }
            if (options.verifyChecksums() && !table.checksumOk()) {
                throw new AmlException("AE_BAD_CHECKSUM", table.label() + " checksum is wrong");
            }
            ts.add(table);
        }
        ts.sort(Comparator.comparingInt(t -> t.signature.equals("DSDT") ? 0 : 1));
        if (!widthFixed && !ts.isEmpty()) {
            int bits = options.integerWidth();
            if (bits == 0) {
                bits = ts.get(0).revision < 2 ? 32 : 64;
            }
            setIntegerWidth(bits);
        }
        interpLock.lock();
        try {
            for (AmlTable t : ts) {
                tables.load(tables.register(t), namespace.root());
            }
        } catch (StackOverflowError e) {
            throw new AmlException("AE_AML_METHOD_LIMIT", "AML nested too deeply while loading");
        } finally {
            interpLock.unlock();
            if (!interpLock.isHeldByCurrentThread()) {
                deliverNotifies();
            }
        }
    }

    /**
     * Makes tables known without loading them, as the firmware's RSDT/XSDT lists them: {@code LoadTable} finds its
     * table among these (ACPI 6.4 §19.6, LoadTable). Any signature; a table already known is not added twice.
     */
    public void install(byte[]... tableBytes) {
        List<AmlTable> ts = new ArrayList<>();
        for (byte[] t : tableBytes) {
            ts.add(new AmlTable(t.clone()));
        }
        interpLock.lock();
        try {
            ts.forEach(tables::install);
        } finally {
            interpLock.unlock();
        }
    }

    private void setIntegerWidth(int bits) {
        intBits = bits;
        intBytes = bits / 8;
        intMask = bits == 64 ? -1L : 0xFFFF_FFFFL;
        ones = bits == 64 ? AmlInteger.ONES64 : AmlInteger.of(0xFFFF_FFFFL);
        widthFixed = true;
    }

    /** The AML integer width in bits: 32 when the DSDT revision is below 2, else 64. */
    public int integerWidth() {
        return intBits;
    }

    public Namespace namespace() {
        return namespace;
    }

    /** Every Device in the namespace, in namespace order. */
    public List<NamespaceNode> devices() {
        interpLock.lock();
        try {
            return namespace.nodesOfType(ObjectType.DEVICE);
        } finally {
            interpLock.unlock();
        }
    }

    // ---- evaluation --------------------------------------------------------------------------------------

    /** Evaluates the object at an absolute path ({@code \_SB.NVDR.NV00._DSM}): calls a method, reads a value. */
    public AmlObject evaluate(String path, AmlObject... args) {
        NamespaceNode n;
        interpLock.lock();
        try {
            n = namespace.find(path);
        } catch (IllegalArgumentException e) {
            throw new AmlException("AE_BAD_PATHNAME", e.getMessage());
        } finally {
            interpLock.unlock();
        }
        if (n == null) {
            throw new AmlException("AE_NOT_FOUND", path + " does not exist");
        }
        return evaluate(n, args);
    }

    /** Evaluates {@code child} ({@code "_ADR"}) of {@code node}. */
    public AmlObject evaluateChild(NamespaceNode node, String child, AmlObject... args) {
        NamespaceNode c = node.child(child);
        if (c == null) {
            throw new AmlException("AE_NOT_FOUND", node.path() + "." + child + " does not exist");
        }
        return evaluate(c, args);
    }

    /** Evaluates a node: a method is called with {@code args}; any other object yields its value. */
    public AmlObject evaluate(NamespaceNode node, AmlObject... args) {
        interpLock.lock();
        try {
            AmlObject o = node.object();
            AmlObject r;
            if (o instanceof AmlMethod m) {
                if (args.length != m.argCount) {
                    throw new AmlException(args.length < m.argCount ? "AE_MISSING_ARGUMENTS" : "AE_AML_TOO_MANY_ARGUMENTS",
                            node.path() + " takes " + m.argCount + " arguments, " + args.length + " given");
                }
                r = invoke(m, args.clone(), null, api);
            } else if (o instanceof AmlFieldUnit || o instanceof AmlBufferField) {
                r = FieldIo.read(this, o, api);
            } else {
                r = o;
            }
            return r == null ? AmlUninitialized.INSTANCE : r.copy();
        } catch (StackOverflowError e) {
            throw new AmlException("AE_AML_METHOD_LIMIT", "method calls nested too deeply (Java stack exhausted)");
        } finally {
            interpLock.unlock();
            if (!interpLock.isHeldByCurrentThread()) {
                deliverNotifies();
            }
        }
    }

    /**
     * Calls a method. Runaway recursion is cut off with {@code AE_AML_METHOD_LIMIT} for the call that goes too deep,
     * which then unwinds through its callers like any AML error: when one method is already under way
     * {@link #MAX_METHOD_NESTING} times (ACPICA's limit per method), when calls of any methods nest deeper than
     * {@link AmlOptions#maxCallDepth()}, or should the Java stack run out first.
     */
    public AmlObject invoke(AmlMethod m, AmlObject[] args, Frame caller, Node at) {
        if (m.nativeImpl != null) {
            AmlObject[] a = new AmlObject[Math.max(args.length, m.argCount)];
            System.arraycopy(args, 0, a, 0, args.length);
            return m.nativeImpl.call(a);
        }
        int depth = caller == null ? 0 : caller.depth + 1;
        String path = m.node == null ? "?" : m.node.path();
        if (depth > options.maxCallDepth()) {
            throw at.error("AE_AML_METHOD_LIMIT", "more than " + options.maxCallDepth() + " nested method calls");
        }
        if (m.active >= MAX_METHOD_NESTING) {
            throw at.error("AE_AML_METHOD_LIMIT", path + " is already under way " + MAX_METHOD_NESTING + " times");
        }
        Block body;
        try {
            body = m.body(this, parser);
        } catch (AmlException e) {
            throw e.inMethod(path);
        }
        int sync = caller == null ? 0 : caller.syncLevel;
        boolean locked = false;
        if (m.serialized) {
            if (!m.lock.isHeldByCurrentThread() && m.syncLevel < sync) {
                throw at.error("AE_AML_MUTEX_ORDER", "Serialized method " + path + " at SyncLevel " + m.syncLevel
                        + " called at SyncLevel " + sync);
            }
            lockBlocking(m.lock, -1);
            locked = true;
        }
        AmlObject[] a = new AmlObject[7];
        System.arraycopy(args, 0, a, 0, Math.min(args.length, 7));
        Frame f = new Frame(this, m.node, m, a, depth, m.serialized ? Math.max(sync, m.syncLevel) : sync);
        m.active++;
        try {
            body.exec(f);
        } catch (AmlException e) {
            throw e.inMethod(path);
        } catch (StackOverflowError e) {
            throw at.error("AE_AML_METHOD_LIMIT", "AML nested deeper than the interpreter's stack").inMethod(path);
        } finally {
            // counters and locks first: what follows allocates, and may be short of stack after an overflow
            m.active--;
            if (f.acquired != null) {
                for (AmlMutex mx : f.acquired) {
                    if (mx.lock.isHeldByCurrentThread()) {
                        mx.lock.unlock();
                    }
                }
            }
            if (locked) {
                m.lock.unlock();
            }
            f.cleanUp();
        }
        AmlObject r = f.returnValue;
        return r == null ? AmlUninitialized.INSTANCE : r;
    }

    // ---- waiting: the interpreter lock is released while a thread blocks ---------------------------------

    private int releaseInterpreter() {
        int holds = interpLock.getHoldCount();
        for (int i = 0; i < holds; i++) {
            interpLock.unlock();
        }
        return holds;
    }

    private void reacquireInterpreter(int holds) {
        for (int i = 0; i < holds; i++) {
            interpLock.lock();
        }
    }

    /** Locks {@code l}, waiting up to timeoutMs (negative: forever); false on timeout. */
    boolean lockBlocking(ReentrantLock l, long timeoutMs) {
        if (l.tryLock()) {
            return true;
        }
        if (timeoutMs == 0) {
            return false;
        }
        int holds = releaseInterpreter();
        try {
            if (timeoutMs < 0) {
                l.lock();
                return true;
            }
            return l.tryLock(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            reacquireInterpreter(holds);
        }
    }

    public boolean acquire(Frame f, AmlMutex m, int timeout, Node at) {
        if (!m.lock.isHeldByCurrentThread() && m.syncLevel < f.syncLevel) {
            throw at.error("AE_AML_MUTEX_ORDER", "cannot acquire a Mutex of SyncLevel " + m.syncLevel
                    + " at SyncLevel " + f.syncLevel);
        }
        boolean ok = lockBlocking(m.lock, timeout == 0xFFFF ? -1 : timeout);
        if (ok) {
            if (f.acquired == null) {
                f.acquired = new ArrayList<>();
                f.previousSyncLevels = new ArrayList<>();
            }
            f.acquired.add(m);
            f.previousSyncLevels.add(f.syncLevel);
            f.syncLevel = Math.max(f.syncLevel, m.syncLevel);
        }
        return ok;
    }

    public void release(Frame f, AmlMutex m, Node at) {
        if (!m.lock.isHeldByCurrentThread()) {
            throw at.error("AE_AML_MUTEX_NOT_ACQUIRED", "Release of a Mutex this thread does not own");
        }
        m.lock.unlock();
        if (f.acquired != null) {
            int i = f.acquired.lastIndexOf(m);
            if (i >= 0) {
                f.acquired.remove(i);
                f.syncLevel = f.previousSyncLevels.remove(i);
            }
        }
    }

    public boolean waitEvent(AmlEvent e, long ms, Node at) {
        if (e.semaphore.tryAcquire()) {
            return true;
        }
        if (ms == 0) {
            return false;
        }
        int holds = releaseInterpreter();
        try {
            if (ms >= 0xFFFF) {
                e.semaphore.acquire();
                return true;
            }
            return e.semaphore.tryAcquire(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            reacquireInterpreter(holds);
        }
    }

    public void sleep(long ms, Node at) {
        int holds = releaseInterpreter();
        try {
            clock.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw at.error("AE_AML_INTERNAL", "interrupted in Sleep");
        } finally {
            reacquireInterpreter(holds);
        }
    }

    boolean acquireGlobalLock(Node at) {
        return lockBlocking(globalLock.lock, -1);
    }

    void releaseGlobalLock() {
        globalLock.lock.unlock();
    }

    // ---- hooks: region handlers, notify, debug -----------------------------------------------------------

    /**
     * Handles an address space other than SystemMemory (0) and SystemIO (1). PCI_Config (2) starts with a handler
     * for a machine without PCI functions (see {@link AbsentPciFunction}); a region in any other space with no
     * handler fails to read or write with {@code AE_NOT_EXIST}, as in ACPICA.
     */
    public void registerRegionHandler(int space, RegionHandler handler) {
        regionHandlers.put(space, handler);
    }

    /** Calls {@code handler} for every Notify on the object at {@code path} ({@code \_SB.NVDR}). */
    public void registerNotifyHandler(String path, NotifyHandler handler) {
        NameString n = NameString.parse(path);
        String key = new NameString(true, 0, n.segs()).toString();
        notifyHandlers.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Calls {@code handler} for every Notify on any object. */
    public void registerNotifyHandler(NotifyHandler handler) {
        anyNotifyHandlers.add(handler);
    }

    public void queueNotify(NamespaceNode node, int value) {
        pendingNotifies.get().add(new Object[] {node, value});
    }

    private void deliverNotifies() {
        ArrayDeque<Object[]> q = pendingNotifies.get();
        Object[] p;
        while ((p = q.poll()) != null) {
            NamespaceNode node = (NamespaceNode) p[0];
            int value = (Integer) p[1];
            List<NotifyHandler> hs = notifyHandlers.get(node.path());
            if (hs != null) {
                for (NotifyHandler h : hs) {
                    h.notify(node, value);
                }
            }
            for (NotifyHandler h : anyNotifyHandlers) {
                h.notify(node, value);
            }
        }
    }

    /** Records a warning (kept up to {@link #MAX_WARNINGS}) and hands it to the options' warning sink. */
    public void warn(AmlWarning w) {
        if (warningCount.incrementAndGet() <= MAX_WARNINGS) {
            warnings.add(w);
        }
        options.warningSink().accept(w);
    }

    /** Records a term a table's load skipped because it failed with {@code e}. */
    public void skipped(AmlException e) {
        warn(AmlWarning.skipped(e));
    }

    /** The warnings so far, oldest first (at most {@link #MAX_WARNINGS}). */
    public List<AmlWarning> warnings() {
        return List.copyOf(warnings);
    }

    public void debug(AmlObject value) {
        options.debugSink().accept(AmlFormatter.format(value));
    }

    // ---- parse-time knowledge of methods not yet in the namespace ----------------------------------------

    private static String absolute(NamespaceNode scope, NameString name) {
        NamespaceNode s = scope;
        if (name.absolute()) {
            return name.toString();
        }
        for (int i = 0; i < name.parents() && s != null && s.parent() != null; i++) {
            s = s.parent();
        }
        String base = s == null ? "\\" : s.path();
        return (base.equals("\\") ? "\\" : base + ".") + String.join(".", name.segs());
    }

    public void noteExternal(NamespaceNode scope, NameString name, int argc) {
        knownMethodArgs.put(absolute(scope, name), argc);
    }

    public void noteLocalMethod(NamespaceNode scope, NameString name, int argc) {
        knownMethodArgs.put(absolute(scope, name), argc);
    }

    public int externalMethodArgs(NamespaceNode scope, NameString name) {
        if (knownMethodArgs.isEmpty() || name.segs().length == 0) {
            return -1;
        }
        if (name.searchable()) {
            for (NamespaceNode s = scope; s != null; s = s.parent()) {
                Integer n = knownMethodArgs.get(absolute(s, name));
                if (n != null) {
                    return n;
                }
            }
            return -1;
        }
        Integer n = knownMethodArgs.get(absolute(scope, name));
        return n == null ? -1 : n;
    }
}
