package dev.pinion.panel;

import java.time.Duration;

/** The passing of time as the retry loop sees it, so tests can run backoffs without real waits. */
public interface RetryClock {
    /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits for the given time; interruptible. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real clock. */
    static RetryClock system() {
        return new RetryClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration);
            }
        };
    }
}
