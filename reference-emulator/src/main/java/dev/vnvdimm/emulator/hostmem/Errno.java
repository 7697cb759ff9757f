package dev.vnvdimm.emulator.hostmem;

import com.sun.jna.LastErrorException;

/** Turns errno values into the strerror text QEMU prints after a failed system call. */
final class Errno {
    private Errno() {
    }

    static String describe(LastErrorException e) {
        return describe(e.getErrorCode());
    }

    static String describe(int errno) {
        return LibC.INSTANCE.strerror(errno);
    }
}
