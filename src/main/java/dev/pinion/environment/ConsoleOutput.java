package dev.pinion.environment;

/**
 * Receives a container's console lines, in order, each with the time it was read from the
 * container. Wings throttles console output by when its reader gets a line; a consumer that runs
 * later (on another thread, behind a queue) judges the rate by the read time, so a moment of delay
 * in the daemon does not turn into a burst that the throttle would cut.
 */
@FunctionalInterface
public interface ConsoleOutput {
    /** One line; {@code readAtMillis} is wall-clock milliseconds when its end was read. */
    void line(String text, long readAtMillis);
}
