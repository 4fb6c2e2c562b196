package dev.pinion.console;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A token bucket: {@code burst} tokens, one more every {@code refill}, up to the burst. */
final class TokenBucket {
    private final int burst;
    private final long refillNanos;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    TokenBucket(int burst, Duration refill, LongSupplier nanoTime) {
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes one token if there is one. */
    synchronized boolean tryTake() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (double) (now - last) / refillNanos);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
