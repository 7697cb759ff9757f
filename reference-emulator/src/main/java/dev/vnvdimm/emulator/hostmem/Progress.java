package dev.vnvdimm.emulator.hostmem;

/** Where long host-memory work (preallocating, copying) reports how far it got. */
public interface Progress {
    /** Reports nothing; for tests and non-interactive runs. */
    Progress NONE = new Progress() {
        @Override
        public Task start(String what, long totalBytes) {
            return done -> { };
        }
    };

    Task start(String what, long totalBytes);

    /** One piece of work in progress; {@link #close()} when it ends. */
    interface Task extends AutoCloseable {
        void doneBytes(long done);

        @Override
        default void close() {
        }
    }
}
