package dev.vnvdimm.harness.targets;

import dev.vnvdimm.harness.model.MemoryDevice;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running machine on some target, as the scenarios see it: what its monitor reports, what its guest
 * can read and write, and how to power it off. Every target answers these in its own way
 * (the reference emulator directly; real QEMU through QMP and its guest).
 */
public interface MachineUnderTest extends AutoCloseable {
    /**
     * One range of the guest-physical memory map (a QEMU memory region as {@code info mtree} lists it);
     * {@code kind} is the reference map's kind name (RAM, DEVICE_MEMORY_WINDOW, NVDIMM_PMEM, PC_DIMM).
     */
    record MemoryRegion(String name, String kind, long base, long size) {
    }

    /**
     * The command line the target ran for this machine: the scenario's options with the target's own additions
     * (QEMU's binary, its guest, QMP and console sockets); empty for a target that runs no program.
     */
    default String commandLineRun() {
        return "";
    }

    /** QMP {@code query-memory-devices}. */
    List<MemoryDevice> memoryDevices();

    /** The guest writes bytes into an NVDIMM's or DIMM's memory, at an offset from the device's start. */
    void writeDeviceMemory(String deviceId, long offset, byte[] data);

    /** The guest reads bytes from a device's memory. */
    byte[] readDeviceMemory(String deviceId, long offset, int length);

    /** The size of an NVDIMM's label area (0 when it has none). */
    long labelAreaSize(String deviceId);

    /** Offset of an NVDIMM's label area inside its backing file, when the target can tell. */
    Optional<Long> labelAreaOffsetInBackend(String deviceId);

    /**
     * The ACPI tables as the guest finds them in memory after the firmware ran, keyed by file name as
     * {@code dump-tables} writes them ({@code NFIT}, {@code SSDT}, {@code DSDT}, {@code FACP}, …; a second
     * table of the same signature is {@code SSDT2}). Read from memory on both targets, with no guest OS needed;
     * the QEMU target leaves out the RSDT and XSDT, as Linux's {@code /sys/firmware/acpi/tables} does.
     */
    Map<String, byte[]> acpiTables();

    /**
     * The hypervisor's side of the DSM ABI with no guest involved: the request words are put into a page of
     * guest RAM at {@code pageAddress}, the page address is written to the notify port 0x0A18, and the first
     * {@code replyBytes} bytes of the page are returned.
     */
    byte[] dsmRoundTrip(long pageAddress, byte[] request, int replyBytes);

    /**
     * An HMP command line ({@code object_add …}, {@code device_add …}, {@code info …}) on the machine that
     * {@link #dsmRoundTrip} reaches, through QMP's {@code human-monitor-command}; what HMP printed. It lets a
     * scenario hot-plug between two DSM requests with no guest involved.
     */
    String humanMonitorCommand(String commandLine);

    /**
     * Boots the target's guest on this machine: the reference guest on the reference emulator, Linux with
     * ndctl on real QEMU. Files the guest's commands name are relative to {@code workingDirectory}.
     */
    GuestSession bootGuest(Path workingDirectory);

    /** Warnings the hypervisor printed while starting. */
    List<String> warnings();

    /** The guest-physical memory map as text (one region a line), for reports. */
    String memoryMapText();

    /** The same map as regions, where the target can list them: the report draws them as a picture. */
    Optional<List<MemoryRegion>> memoryMapRegions();

    /** Powers the machine off; data in {@code share=on} files stays. */
    @Override
    void close();
}
