package dev.pinion.activity;

/**
 * Where producers (console, SFTP, signed uploads) hand their events. Implementations never throw
 * and never block for long: an activity failure must not fail the user's action (Wings only logs it).
 */
@FunctionalInterface
public interface ActivitySink {
    /** Records one event. */
    void record(ActivityEntry entry);

    /** A sink that keeps nothing (tests and tools that have no activity log). */
    ActivitySink NONE = entry -> {};
}
