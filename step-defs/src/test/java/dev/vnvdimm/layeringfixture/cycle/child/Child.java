package dev.vnvdimm.layeringfixture.cycle.child;

import dev.vnvdimm.layeringfixture.cycle.Parent;

/** Wrong, with {@link Parent}: a subpackage reaches back up into its parent. */
public class Child {
    Parent parent;
}
