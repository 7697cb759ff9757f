package dev.vnvdimm.guest.platform;

/**
 * The machine's time as the guest sees it: a monotonic counter and two ways to let time pass, busy (ACPI's
 * {@code Stall}) and yielding (ACPI's {@code Sleep}). The AML interpreter's {@code Timer}, {@code Stall},
 * {@code Sleep} and its runaway-{@code While} guard read time only here, so a test can hand the guest a clock
 * that moves only when told to (the {@code While} guard then fires only when the test moves it).
 */
public interface Clock {
    /** The real clock: {@link System#nanoTime()}, a spin for stalls and {@link Thread#sleep(long)}. */
    Clock SYSTEM = new SystemClock();

    /** A monotonic count of nanoseconds from an arbitrary origin, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits {@code microseconds} without giving up the CPU, as a firmware stall does. */
    void stall(long microseconds);

    /** Lets {@code milliseconds} pass, giving up the CPU meanwhile. */
    void sleep(long milliseconds) throws InterruptedException;
}
