package dev.vnvdimm.guest.aml.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An AML Package (or VarPackage): a fixed-size list of elements; an unset element is {@link AmlUninitialized}. */
public final class AmlPackage extends AmlObject {
    public final List<AmlObject> elements;

    public AmlPackage(List<? extends AmlObject> elements) {
        this.elements = new ArrayList<>(elements);
    }

    public List<AmlObject> elements() {
        return Collections.unmodifiableList(elements);
    }

    public int size() {
        return elements.size();
    }

    @Override
    public ObjectType type() {
        return ObjectType.PACKAGE;
    }

    @Override
    AmlObject copy() {
        List<AmlObject> c = new ArrayList<>(elements.size());
        for (AmlObject e : elements) {
            c.add(e.copy());
        }
        return new AmlPackage(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmlPackage p && p.elements.equals(elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }
}
