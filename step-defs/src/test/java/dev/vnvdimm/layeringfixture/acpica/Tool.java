package dev.vnvdimm.layeringfixture.acpica;

/** An external tool's wrapper: depending on nothing of the kit. */
public class Tool {
}
