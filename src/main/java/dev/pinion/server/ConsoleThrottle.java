package dev.pinion.server;

import java.util.function.LongSupplier;

/**
 * Wings' console throttle: at most {@code lines} lines per {@code intervalMillis} window; the
 * window restarts on the first line after it elapsed. Reports the first drop of each burst so the
 * caller can print the throttling notice once.
 */
public final class ConsoleThrottle {
    /** What to do with one line. */
    public enum Verdict {
        PASS,
        DROP_FIRST,
        DROP
    }

    private final long lines;
    private final long intervalMillis;
    private final LongSupplier clockMillis;
    private long windowStart;
    private long count;
    private boolean warned;

    public ConsoleThrottle(long lines, long intervalMillis, LongSupplier clockMillis) {
        this.lines = lines;
        this.intervalMillis = intervalMillis;
        this.clockMillis = clockMillis;
        this.windowStart = clockMillis.getAsLong();
    }

    public Verdict next() {
        return next(clockMillis.getAsLong());
    }

    /** The verdict on a line that arrived at {@code now} (milliseconds of the same clock). */
    public synchronized Verdict next(long now) {
        if (now - windowStart >= intervalMillis) {
            windowStart = now;
            count = 0;
        }
        count++;
        if (count <= lines) {
            warned = false;
            return Verdict.PASS;
        }
        if (!warned) {
            warned = true;
            return Verdict.DROP_FIRST;
        }
        return Verdict.DROP;
    }

    /** Starts afresh (Wings resets the counter when a server enters starting). */
    public synchronized void reset() {
        windowStart = clockMillis.getAsLong();
        count = 0;
        warned = false;
    }
}
