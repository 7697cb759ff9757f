package dev.vnvdimm.guest.aml;

import java.util.ArrayList;

/**
 * The state of one method invocation (or of table loading): Local0-7, Arg0-6, the current scope, the pending
 * control transfer (Break/Continue/Return) and the named objects the invocation created, which are removed
 * when it returns (ACPI 6.4 §19.6.85: objects created by a method exist only for its duration).
 */
final class Frame {
    static final int NORMAL = 0;
    static final int BREAK = 1;
    static final int CONTINUE = 2;
    static final int RETURN = 3;

    final Interpreter interp;
    final NamespaceNode scope;
    final AmlObject[] locals = new AmlObject[8];
    final AmlObject[] args;
    final AmlMethod method;
    final int depth;
    /** The sync level this invocation runs at (raised by Serialized methods and Acquire). */
    int syncLevel;
    AmlObject returnValue;
    int control;
    ArrayList<NamespaceNode> created;
    ArrayList<AmlMutex> acquired;
    ArrayList<Integer> previousSyncLevels;

    Frame(Interpreter interp, NamespaceNode scope, AmlMethod method, AmlObject[] args, int depth, int syncLevel) {
        this.interp = interp;
        this.scope = scope;
        this.method = method;
        this.args = args;
        this.depth = depth;
        this.syncLevel = syncLevel;
    }

    /** Creates a named object in this frame's scope; it lives as long as the invocation (or forever at load). */
    NamespaceNode create(NameString name, AmlObject object, Node at) {
        NamespaceNode n;
        try {
            n = interp.namespace.create(scope, name, object);
        } catch (AmlException e) {
            throw e.locate(at);
        }
        if (n == null) {
            throw at.error("AE_NOT_FOUND", "scope of " + name + " does not exist (from " + scope.path() + ")");
        }
        if (method != null) {
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

    /** Resolves a name in this frame's scope, failing with AE_NOT_FOUND. */
    NamespaceNode lookup(NameString name, Node at) {
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
