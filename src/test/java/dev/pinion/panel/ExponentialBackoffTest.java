package dev.pinion.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The backoff delays match cenkalti/backoff v4 with Wings' limits (spec wings-to-panel-and-config.md A1). */
class ExponentialBackoffTest {

    private static List<Long> delaysMillis(double random) {
        ExponentialBackoff backoff = new ExponentialBackoff(RetryPolicy.WINGS, () -> random);
        List<Long> delays = new ArrayList<>();
        Duration elapsed = Duration.ZERO;
        while (true) {
            Optional<Duration> next = backoff.nextDelay(elapsed);
            if (next.isEmpty()) {
                return delays;
            }
            delays.add(next.get().toMillis());
            elapsed = elapsed.plus(next.get());
        }
    }

    @Test
    void midpointJitterGrowsByOneAndAHalfUpToTwelveSeconds() {
        assertThat(delaysMillis(0.5)).containsExactly(500L, 750L, 1125L, 1687L, 2531L, 3796L, 5695L, 8542L);
    }

    @Test
    void intervalIsCappedAtTwelveSeconds() {
        ExponentialBackoff backoff =
                new ExponentialBackoff(RetryPolicy.WINGS.withMaxElapsedTime(Duration.ofHours(1)), () -> 0.5);
        Duration last = Duration.ZERO;
        for (int i = 0; i < 20; i++) {
            last = backoff.nextDelay(Duration.ZERO).orElseThrow();
        }
        assertThat(last.toMillis()).isEqualTo(12_000L);
    }

    // ±50 % jitter: the first delay lies within [250 ms, 750 ms]
    @Test
    void jitterSpansHalfTheIntervalEitherWay() {
        assertThat(new ExponentialBackoff(RetryPolicy.WINGS, () -> 0.0)
                        .nextDelay(Duration.ZERO)
                        .orElseThrow()
                        .toMillis())
                .isEqualTo(250L);
        assertThat(new ExponentialBackoff(RetryPolicy.WINGS, () -> 0.999999999)
                        .nextDelay(Duration.ZERO)
                        .orElseThrow()
                        .toMillis())
                .isEqualTo(750L);
    }

    @Test
    void stopsWhenElapsedPlusTheNextDelayWouldPassTheMaximum() {
        ExponentialBackoff backoff = new ExponentialBackoff(RetryPolicy.WINGS, () -> 0.5);

        assertThat(backoff.nextDelay(Duration.ofMillis(29_400))).contains(Duration.ofNanos(500_000_000L));
        assertThat(backoff.nextDelay(Duration.ofMillis(29_300))).isEmpty();
    }

    // Wings' comment lists attempts near 0, .55, 1.6, 2.9, 4.5, 6.9, 11.4, 14.6, 20.2, 27.4 s: 10 attempts at most.
    @Test
    void anyJitterGivesAtMostTenAttemptsWithinThirtySeconds() {
        for (double r : new double[] {0.0, 0.25, 0.5, 0.75, 0.999}) {
            List<Long> delays = delaysMillis(r);
            assertThat(delays.size() + 1).isBetween(6, 12);
            assertThat(delays.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(30_000L);
        }
    }
}
