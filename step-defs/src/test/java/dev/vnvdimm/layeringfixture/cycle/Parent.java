package dev.vnvdimm.layeringfixture.cycle;

import dev.vnvdimm.layeringfixture.cycle.child.Child;

/** Wrong, with {@link Child}: a package and its own subpackage use each other. */
public class Parent {
    Child child;
}
