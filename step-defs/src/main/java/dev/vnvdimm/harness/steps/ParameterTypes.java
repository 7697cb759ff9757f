package dev.vnvdimm.harness.steps;

import io.cucumber.java.ParameterType;
import java.math.BigDecimal;

/** The domain's units in step text: sizes as people write them, addresses as QEMU prints them. */
public final class ParameterTypes {

    /** {@code 256 MiB}, {@code 128 KiB}, {@code 4096 bytes}, {@code 1 TiB}. */
    @ParameterType("(\\d+(?:\\.\\d+)?) ?(bytes|byte|B|KiB|MiB|GiB|TiB)")
    public Long size(String number, String unit) {
        int shift = switch (unit) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> 0;
        };
        return new BigDecimal(number).multiply(BigDecimal.valueOf(1L << shift)).longValueExact();
    }

    /** A guest-physical address in hex, {@code 0x100000000}. */
    @ParameterType("0x[0-9a-fA-F]+")
    public Long address(String hex) {
        return Long.parseUnsignedLong(hex.substring(2), 16);
    }

    /** Which hypervisor takes a turn on a shared backing file: {@code the reference emulator} or {@code the target}. */
    @ParameterType("the reference emulator|the target")
    public String interoperabilitySide(String side) {
        return side;
    }
}
