package dev.vnvdimm.guest.platform;

/**
 * A platform that passes every access to another one: extend it and override only what a caller watches or
 * scripts (the harness's Read FIT tap, a test's clock or host files), so the rest stays exactly the machine's.
 */
public abstract class ForwardingPlatform implements Platform {
    private final Platform machine;

    protected ForwardingPlatform(Platform machine) {
        this.machine = machine;
    }

    /** The platform everything is passed to. */
    protected final Platform machine() {
        return machine;
    }

    @Override
    public long readMemory(long address, int width) {
        return machine.readMemory(address, width);
    }

    @Override
    public void writeMemory(long address, int width, long value) {
        machine.writeMemory(address, width, value);
    }

    @Override
    public void readMemory(long address, byte[] dst) {
        machine.readMemory(address, dst);
    }

    @Override
    public void writeMemory(long address, byte[] src) {
        machine.writeMemory(address, src);
    }

    @Override
    public long readIo(int port, int width) {
        return machine.readIo(port, width);
    }

    @Override
    public void writeIo(int port, int width, long value) {
        machine.writeIo(port, width, value);
    }

    @Override
    public Clock clock() {
        return machine.clock();
    }

    @Override
    public HostFiles hostFiles() {
        return machine.hostFiles();
    }

    @Override
    public SystemControlInterrupt sci() {
        return machine.sci();
    }
}
