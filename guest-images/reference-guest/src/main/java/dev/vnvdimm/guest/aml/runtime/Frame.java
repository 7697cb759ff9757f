package dev.vnvdimm.guest.aml.runtime;

import java.util.ArrayList;

/**
 * The state of one method invocation (or of table loading): Local0-7, Arg0-6, the current scope, the pending
 * control transfer (Break/Continue/Return) and the named objects the invocation created, which are removed
 * when it returns (ACPI 6.4 §19.6.85: objects created by a method exist only for its duration).
 */
public final class Frame {
    public static final int NORMAL = 0;
    public static final int BREAK = 1;
    public static final int CONTINUE = 2;
    public static final int RETURN = 3;

    public final Interpreter interp;
    public final NamespaceNode scope;
    public final AmlObject[] locals = new AmlObject[8];
    public final AmlObject[] args;
    public final AmlMethod method;
    public final int depth;
    /** The sync level this invocation runs at (raised by Serialized methods and Acquire). */
    public int syncLevel;
    public AmlObject returnValue;
    public int control;
    public ArrayList<NamespaceNode> created;
    ArrayList<AmlMutex> acquired;
    ArrayList<Integer> previousSyncLevels;

    public Frame(Interpreter interp, NamespaceNode scope, AmlMethod method, AmlObject[] args, int depth, int syncLevel) {
        this.interp = interp;
        this.scope = scope;
        this.method = method;
        this.args = args;
        this.depth = depth;
        this.syncLevel = syncLevel;
    }

    /** Creates a named object in this frame's scope; it lives as long as the invocation (or forever at load). */
    public NamespaceNode create(NameString name, AmlObject object, Node at) {
        NamespaceNode n;
        try {
            n = interp.namespace.create(scope, name, object);
        } catch (AmlException e) {
            throw e.locate(at);
        }
        if (n == null) {
            throw at.error("AE_NOT_FOUND", "scope of " + name + " does not exist (from " + scope.path() + ")");
        }
        if (moduleLevel()) {
            n.owner = at.table;
        } else {
            if (created == null) {
                created = new ArrayList<>();
            }
            created.add(n);
        }
        if (object instanceof AmlMethod m) {
            m.node = n;
        }
        return n;
    }

    /**
     * True while a definition block's own terms run (its load, ACPI 6.4 §5.4), not a method: a term that fails
     * here is skipped with a warning and the load goes on, as ACPICA does.
     */
    public boolean moduleLevel() {
        return method == null;
    }

    /** Resolves a name in this frame's scope, failing with AE_NOT_FOUND. */
    public NamespaceNode lookup(NameString name, Node at) {
        NamespaceNode n = interp.namespace.resolve(scope, name);
        if (n == null) {
            throw at.error("AE_NOT_FOUND", name + " not found from scope " + scope.path());
        }
        return n.target();
    }

    /** Removes the named objects this invocation created, newest first. */
    void cleanUp() {
        if (created != null) {
            for (int i = created.size() - 1; i >= 0; i--) {
                interp.namespace.remove(created.get(i));
            }
            created = null;
        }
    }
}
