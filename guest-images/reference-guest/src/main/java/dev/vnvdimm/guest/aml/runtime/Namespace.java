package dev.vnvdimm.guest.aml.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ACPI namespace (ACPI 6.4 §5.3): the tree of {@link NamespaceNode}s, name resolution with the search rules
 * (a single unprefixed NameSeg is looked up in the current scope and then in each parent scope up to the root;
 * anything else is a path), creation and removal of nodes, and walks.
 */
public final class Namespace {
    private final NamespaceNode root = new NamespaceNode("\\", null, new AmlContainer(ObjectType.DEVICE));

    Namespace() {
    }

    public NamespaceNode root() {
        return root;
    }

    /** Finds a node by ASL-style absolute path ({@code \_SB.NVDR}), or null. */
    public NamespaceNode find(String path) {
        NameString n = NameString.parse(path);
        return resolve(root, n.absolute() ? n : new NameString(true, 0, n.segs()));
    }

    /** Resolves {@code name} seen in {@code scope}; null if absent. */
    public NamespaceNode resolve(NamespaceNode scope, NameString name) {
        if (name.segs().length == 0) {
            return name.absolute() ? root : up(scope, name.parents());
        }
        if (name.searchable()) {
            String seg = name.segs()[0];
            for (NamespaceNode s = scope; s != null; s = s.parent()) {
                NamespaceNode c = s.children.get(seg);
                if (c != null) {
                    return c;
                }
            }
            return null;
        }
        NamespaceNode n = name.absolute() ? root : up(scope, name.parents());
        for (String seg : name.segs()) {
            if (n == null) {
                return null;
            }
            n = n.target().children.get(seg);
        }
        return n;
    }

    private static NamespaceNode up(NamespaceNode scope, int parents) {
        NamespaceNode n = scope;
        for (int i = 0; i < parents && n != null; i++) {
            n = n.parent();
        }
        return n;
    }

    /** The scope a new object named {@code name} goes into: the path without its last seg, relative to scope. */
    NamespaceNode parentFor(NamespaceNode scope, NameString name) {
        NamespaceNode n = name.absolute() ? root : up(scope, name.parents());
        for (int i = 0; i < name.segs().length - 1 && n != null; i++) {
            n = n.target().children.get(name.segs()[i]);
        }
        return n == null ? null : n.target();
    }

    /** Creates {@code name} under its parent; null if the parent does not exist; throws if it already exists. */
    NamespaceNode create(NamespaceNode scope, NameString name, AmlObject object) {
        NamespaceNode parent = parentFor(scope, name);
        if (parent == null) {
            return null;
        }
        String seg = name.last();
        if (parent.children.containsKey(seg)) {
            throw new AmlException("AE_ALREADY_EXISTS", "named object " + name + " already exists in "
                    + parent.path());
        }
        NamespaceNode n = new NamespaceNode(seg, parent, object);
        parent.children.put(seg, n);
        return n;
    }

    /** Adds a predefined node by absolute path (parents must exist). */
    NamespaceNode predefine(String path, AmlObject object) {
        return create(root, NameString.parse(path), object);
    }

    void remove(NamespaceNode node) {
        NamespaceNode p = node.parent();
        if (p != null && p.children.get(node.name()) == node) {
            p.children.remove(node.name());
        }
    }

    /**
     * Removes every node {@code table}'s load created (with whatever lies below them), as ACPICA deletes a table's
     * namespace objects by their owner when the table fails to load.
     */
    void removeOwnedBy(AmlTable table) {
        List<NamespaceNode> owned = new ArrayList<>();
        walk(root, n -> {
            if (n.owner == table) {
                owned.add(n);
            }
        });
        for (int i = owned.size() - 1; i >= 0; i--) {
            remove(owned.get(i));
        }
    }

    /** Visits every node below (not including) {@code from}, depth first, parents before children. */
    public void walk(NamespaceNode from, Consumer<NamespaceNode> visitor) {
        for (NamespaceNode c : new ArrayList<>(from.children.values())) {
            visitor.accept(c);
            walk(c, visitor);
        }
    }

    /** Every node of type {@code type}, in namespace order. */
    public List<NamespaceNode> nodesOfType(ObjectType type) {
        List<NamespaceNode> out = new ArrayList<>();
        walk(root, n -> {
            if (n.aliasOf == null && n.type() == type) {
                out.add(n);
            }
        });
        return out;
    }
}
