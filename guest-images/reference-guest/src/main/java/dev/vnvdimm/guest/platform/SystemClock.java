package dev.vnvdimm.guest.platform;

/** {@link Clock#SYSTEM}: the JVM's monotonic clock. */
final class SystemClock implements Clock {
    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void stall(long microseconds) {
        long end = System.nanoTime() + microseconds * 1000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void sleep(long milliseconds) throws InterruptedException {
        Thread.sleep(milliseconds);
    }
}
