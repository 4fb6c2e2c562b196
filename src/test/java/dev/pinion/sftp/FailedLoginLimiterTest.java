package dev.pinion.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.testing.MutableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-address failed-login limiter (panel#5115: failed-login floods must cost nothing), on an injected clock. */
class FailedLoginLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FailedLoginLimiter limiter =
            new FailedLoginLimiter(clock, 3, Duration.ofSeconds(60), Duration.ofMinutes(10), 100);

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void anAddressIsBannedAtTheLimitAndNotBefore() throws Exception {
        limiter.recordFailure(ip("203.0.113.7"));
        limiter.recordFailure(ip("203.0.113.7"));
        assertThat(limiter.isBanned(ip("203.0.113.7"))).isFalse();

        assertThat(limiter.recordFailure(ip("203.0.113.7"))).isTrue();

        assertThat(limiter.isBanned(ip("203.0.113.7"))).isTrue();
        assertThat(limiter.isBanned(ip("203.0.113.8"))).isFalse();
        assertThat(limiter.bannedCount()).isEqualTo(1);
    }

    @Test
    void theBanExpiresAfterItsDuration() throws Exception {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure(ip("203.0.113.7"));
        }
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(limiter.isBanned(ip("203.0.113.7"))).isTrue();

        clock.advance(Duration.ofSeconds(1));

        assertThat(limiter.isBanned(ip("203.0.113.7"))).isFalse();
        assertThat(limiter.bannedCount()).isZero();
    }

    @Test
    void failuresSpreadBeyondTheWindowDoNotBan() throws Exception {
        limiter.recordFailure(ip("203.0.113.7"));
        limiter.recordFailure(ip("203.0.113.7"));
        clock.advance(Duration.ofSeconds(61));
        limiter.recordFailure(ip("203.0.113.7"));

        assertThat(limiter.isBanned(ip("203.0.113.7"))).isFalse();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() throws Exception {
        limiter.recordFailure(ip("2001:db8:1:2::1"));
        limiter.recordFailure(ip("2001:db8:1:2::2"));
        limiter.recordFailure(ip("2001:db8:1:2:ffff::3"));

        assertThat(limiter.isBanned(ip("2001:db8:1:2::99"))).isTrue();
        assertThat(limiter.isBanned(ip("2001:db8:1:3::1"))).isFalse();
    }

    // memory stays bounded under a flood from many addresses
    @Test
    void atMostMaxTrackedAddressesAreRemembered() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            limiter.recordFailure(
                    InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }

        assertThat(limiter.trackedCount()).isEqualTo(100);
    }

    @Test
    void aLimitOfZeroDisablesLimiting() throws Exception {
        FailedLoginLimiter off = new FailedLoginLimiter(clock, 0, Duration.ofSeconds(60), Duration.ofMinutes(10), 100);
        for (int i = 0; i < 100; i++) {
            off.recordFailure(ip("203.0.113.7"));
        }

        assertThat(off.isBanned(ip("203.0.113.7"))).isFalse();
    }
}
