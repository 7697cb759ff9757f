package dev.vnvdimm.guest.aml.runtime;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A control method (ACPI 6.4 §19.6.85): argument count, Serialized flag and SyncLevel from MethodFlags, and the
 * body, kept as a byte range of its table and parsed once, on the first call, into executable nodes (deferred
 * parsing: the body may call methods defined later in the table or in later tables).
 */
public final class AmlMethod extends AmlObject {
    /** A method implemented in Java (such as {@code \_OSI}). */
    @FunctionalInterface
    public interface Native {
        AmlObject call(AmlObject[] args);
    }

    public final int argCount;
    final boolean serialized;
    final int syncLevel;
    final AmlTable table;
    final int bodyStart;
    final int bodyEnd;
    final Native nativeImpl;
    /** The implicit mutex of a Serialized method. */
    final ReentrantLock lock;
    NamespaceNode node;
    /** Invocations under way, on all threads (guarded by the interpreter lock, which a running method holds). */
    int active;
    private volatile Block body;

    public AmlMethod(int argCount, boolean serialized, int syncLevel, AmlTable table, int bodyStart, int bodyEnd) {
        this.argCount = argCount;
        this.serialized = serialized;
        this.syncLevel = syncLevel;
        this.table = table;
        this.bodyStart = bodyStart;
        this.bodyEnd = bodyEnd;
        this.nativeImpl = null;
        this.lock = serialized ? new ReentrantLock() : null;
    }

    AmlMethod(int argCount, Native impl) {
        this.argCount = argCount;
        this.serialized = false;
        this.syncLevel = 0;
        this.table = null;
        this.bodyStart = 0;
        this.bodyEnd = 0;
        this.nativeImpl = impl;
        this.lock = null;
    }

    public int argCount() {
        return argCount;
    }

    public boolean serialized() {
        return serialized;
    }

    public int syncLevel() {
        return syncLevel;
    }

    /** The parsed body; parsed on first use and kept. */
    Block body(Interpreter interp, TermParser parser) {
        Block b = body;
        if (b == null) {
            synchronized (this) {
                b = body;
                if (b == null) {
                    b = parser.parseMethodBody(interp, table, node, bodyStart, bodyEnd);
                    body = b;
                }
            }
        }
        return b;
    }

    @Override
    public ObjectType type() {
        return ObjectType.METHOD;
    }
}
