package dev.vnvdimm.guest.aml.runtime;

/**
 * An AML object (ACPI 6.4 §19.3.5 data types, plus the named-object types of §19.6). Data objects
 * ({@link AmlInteger}, {@link AmlString}, {@link AmlBuffer}, {@link AmlPackage}) are what methods return;
 * the others live in the namespace. {@link AmlFormatter#format} gives the one-line form.
 */
public abstract class AmlObject {

    AmlObject() {
    }

    public abstract ObjectType type();

    /** A copy with no shared mutable state (Store and CopyObject semantics); immutable objects return themselves. */
    AmlObject copy() {
        return this;
    }

    @Override
    public String toString() {
        return AmlFormatter.format(this);
    }
}
