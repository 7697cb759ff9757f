package dev.vnvdimm.guest.aml.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of the ACPI namespace (ACPI 6.4 §5.3): a four-character name, its parent, its children in creation
 * order, and the object it names. An Alias node forwards to its target.
 */
public final class NamespaceNode {
    private final String name;
    private final NamespaceNode parent;
    final Map<String, NamespaceNode> children = new LinkedHashMap<>();
    public AmlObject object;
    public NamespaceNode aliasOf;
    /** The definition block whose load created this node; null for predefined nodes and a method's own objects. */
    AmlTable owner;

    NamespaceNode(String name, NamespaceNode parent, AmlObject object) {
        this.name = name;
        this.parent = parent;
        this.object = object;
    }

    /** The NameSeg, or {@code "\"} for the root. */
    public String name() {
        return name;
    }

    public NamespaceNode parent() {
        return parent;
    }

    /** The absolute path, e.g. {@code \_SB_.NVDR.NV00}. */
    public String path() {
        if (parent == null) {
            return "\\";
        }
        if (parent.parent == null) {
            return "\\" + name;
        }
        return parent.path() + "." + name;
    }

    /** The node an Alias stands for, or this node. */
    public NamespaceNode target() {
        NamespaceNode n = this;
        int guard = 0;
        while (n.aliasOf != null && guard++ < 64) {
            n = n.aliasOf;
        }
        return n;
    }

    /** The named object (for an Alias, the target's). */
    public AmlObject object() {
        return target().object;
    }

    public ObjectType type() {
        AmlObject o = object();
        return o == null ? ObjectType.UNINITIALIZED : o.type();
    }

    /** The child with this NameSeg (padded with '_' if shorter), or null. */
    public NamespaceNode child(String seg) {
        return children.get(NameString.parse(seg).last());
    }

    public List<NamespaceNode> children() {
        return new ArrayList<>(children.values());
    }

    @Override
    public String toString() {
        return path();
    }
}
