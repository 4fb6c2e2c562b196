package dev.pinion.activity;

import java.time.Duration;

/**
 * How the activity log is shipped: every {@code interval} ({@code system.activity_send_interval}), at
 * most {@code batchSize} entries per POST ({@code system.activity_send_count}), entries dropped after
 * {@code maxAttempts} failed deliveries ({@code pinion.activity.max_attempts}), and failed deliveries
 * backed off exponentially up to {@code maxBackoff}.
 */
public record ShippingLimits(Duration interval, int batchSize, int maxAttempts, Duration maxBackoff) {
    public ShippingLimits {
        if (batchSize < 1 || maxAttempts < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("activity shipping limits must be positive");
        }
    }
}
