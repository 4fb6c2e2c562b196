package dev.pinion.panel;

import java.time.Duration;
import java.util.Objects;

/**
 * The exponential backoff limits for Panel calls; {@link #WINGS} is exactly Wings' (cenkalti/backoff
 * defaults with a 12 s max interval and 30 s max elapsed time, spec wings-to-panel-and-config.md A1).
 */
public record RetryPolicy(
        Duration initialInterval,
        double multiplier,
        double randomizationFactor,
        Duration maxInterval,
        Duration maxElapsedTime) {

    public static final RetryPolicy WINGS =
            new RetryPolicy(Duration.ofMillis(500), 1.5, 0.5, Duration.ofSeconds(12), Duration.ofSeconds(30));

    public RetryPolicy {
        Objects.requireNonNull(initialInterval, "initialInterval");
        Objects.requireNonNull(maxInterval, "maxInterval");
        Objects.requireNonNull(maxElapsedTime, "maxElapsedTime");
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (randomizationFactor < 0 || randomizationFactor > 1) {
            throw new IllegalArgumentException("randomizationFactor must be within [0, 1]");
        }
    }

    /** The same policy with another max elapsed time (tests use a tiny one). */
    public RetryPolicy withMaxElapsedTime(Duration maxElapsed) {
        return new RetryPolicy(initialInterval, multiplier, randomizationFactor, maxInterval, maxElapsed);
    }
}
