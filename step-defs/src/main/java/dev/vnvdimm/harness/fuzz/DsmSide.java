package dev.vnvdimm.harness.fuzz;

import java.util.Map;

/** One side of the comparison: something that starts the fuzz machines and answers DSM requests on them. */
public interface DsmSide {
    /** The side's name for reports ({@code reference}, {@code qemu}, …). */
    String name();

    /**
     * A fresh machine: new backing files, a DSM handler in its starting state.
     *
     * @throws Refused when the hypervisor refuses the machine's command line
     */
    Machine start(FuzzMachine machine);

    /** The hypervisor refused a fuzz machine's command line (QEMU 5.2 has no {@code readonly=on}, for one). */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** A running fuzz machine. */
    interface Machine extends AutoCloseable {
        /** The last {@link FuzzMachine#LABEL_AREA} bytes of each backing file now, by file name. */
        Map<String, byte[]> labelAreas();

        /**
         * The FIT as the NFIT in guest memory holds it (its structures, without the table's header). Asked of the
         * reference only: on QEMU, reading the tables lets the held machine run its firmware.
         */
        byte[] fit();

        /**
         * Sends one request through the guest-less DSM probe.
         *
         * @param replyBytes how much of the page to read back as the reply
         */
        DsmObservation send(DsmRequest request, int replyBytes);

        /** Powers the machine off and removes its files. */
        @Override
        void close();
    }
}
