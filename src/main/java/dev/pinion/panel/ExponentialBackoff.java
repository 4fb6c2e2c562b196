package dev.pinion.panel;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * One retry sequence's delays, computed as cenkalti/backoff v4 computes them (the library Wings uses):
 * each delay is the current interval ± the randomization factor, the interval then grows by the
 * multiplier up to the max interval, and the sequence stops once elapsed time plus the next delay
 * would pass the max elapsed time. Not thread-safe: one instance per call.
 */
public final class ExponentialBackoff {
    private final RetryPolicy policy;
    private final DoubleSupplier random;
    private long currentIntervalNanos;

    /**
     * @param random uniform values in [0, 1), as {@code Math.random()}
     */
    public ExponentialBackoff(RetryPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
        this.currentIntervalNanos = policy.initialInterval().toNanos();
    }

    /** The delay before the next attempt, or empty when the caller should give up. */
    public Optional<Duration> nextDelay(Duration elapsed) {
        long next = randomized(currentIntervalNanos);
        grow();
        long maxElapsed = policy.maxElapsedTime().toNanos();
        // A zero max elapsed time means "never stop" in cenkalti/backoff; kept for parity.
        if (maxElapsed != 0 && elapsed.toNanos() + next > maxElapsed) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(next));
    }

    private long randomized(long interval) {
        double delta = policy.randomizationFactor() * interval;
        double min = interval - delta;
        double max = interval + delta;
        // The +1 mirrors the library: the range is inclusive of max.
        return (long) (min + random.getAsDouble() * (max - min + 1));
    }

    private void grow() {
        long max = policy.maxInterval().toNanos();
        if (currentIntervalNanos >= max / policy.multiplier()) {
            currentIntervalNanos = max;
        } else {
            currentIntervalNanos = (long) (currentIntervalNanos * policy.multiplier());
        }
    }
}
