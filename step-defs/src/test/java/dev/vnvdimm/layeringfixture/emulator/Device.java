package dev.vnvdimm.layeringfixture.emulator;

/** An emulated device. */
public class Device {
}
