package dev.vnvdimm.layeringfixture.harness;

/** A harness step. */
public class Step {
}
