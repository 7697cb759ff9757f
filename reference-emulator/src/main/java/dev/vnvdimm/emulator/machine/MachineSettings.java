package dev.vnvdimm.emulator.machine;

import java.util.Optional;

/**
 * The machine-wide settings of a command line after validation: {@code -machine}, {@code -m}, {@code -smp}.
 *
 * @param nvdimmPersistence {@code cpu} or {@code mem-ctrl} when {@code -machine nvdimm-persistence} was given
 * @param maxMem            equal to {@code ramSize} when no {@code maxmem} was given
 */
public record MachineSettings(MachineType type, boolean nvdimm, Optional<String> nvdimmPersistence, String oemId,
                              String oemTableId, long ramSize, int slots, long maxMem, int cpus) {

    /** The RAM below 4 GiB. */
    public long belowFourGiB() {
        return type.belowFourGiB(ramSize);
    }

    /** The RAM above 4 GiB. */
    public long aboveFourGiB() {
        return ramSize - belowFourGiB();
    }
}
