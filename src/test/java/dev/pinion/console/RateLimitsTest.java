package dev.pinion.console;

import static dev.pinion.console.RateLimits.Admission.ACCEPT;
import static dev.pinion.console.RateLimits.Admission.DROP;
import static dev.pinion.console.RateLimits.Admission.DROP_AND_NOTIFY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The exact bucket parameters of the spec README and websocket-sftp-activity.md §1.11, on a fake clock. */
class RateLimitsTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimits limits = new RateLimits(nanos::get);

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void globalBucketHoldsTenAndRefillsOnePerTwoHundredMilliseconds() {
        for (int i = 0; i < 10; i++) {
            assertThat(limits.admitAny()).isEqualTo(ACCEPT);
        }
        assertThat(limits.admitAny()).isEqualTo(DROP_AND_NOTIFY);
        assertThat(limits.admitAny()).isEqualTo(DROP);
        advanceMillis(199);
        assertThat(limits.admitAny()).isEqualTo(DROP);
        advanceMillis(1);
        assertThat(limits.admitAny()).isEqualTo(ACCEPT);
        // the accepted message ended the episode: the next refusal notifies again
        assertThat(limits.admitAny()).isEqualTo(DROP_AND_NOTIFY);
    }

    @Test
    void authAndSendLogsHoldTwoEachAndRefillOnePerFiveSeconds() {
        for (String event : new String[] {"auth", "send logs"}) {
            assertThat(limits.admitEvent(event)).isEqualTo(ACCEPT);
            assertThat(limits.admitEvent(event)).isEqualTo(ACCEPT);
            assertThat(limits.admitEvent(event)).isEqualTo(DROP_AND_NOTIFY);
        }
        advanceMillis(4_999);
        assertThat(limits.admitEvent("auth")).isEqualTo(DROP);
        advanceMillis(1);
        assertThat(limits.admitEvent("auth")).isEqualTo(ACCEPT);
        assertThat(limits.admitEvent("send logs")).isEqualTo(ACCEPT);
    }

    @Test
    void sendCommandHoldsTenAndRefillsOnePerSecond() {
        for (int i = 0; i < 10; i++) {
            assertThat(limits.admitEvent("send command")).isEqualTo(ACCEPT);
        }
        assertThat(limits.admitEvent("send command")).isEqualTo(DROP_AND_NOTIFY);
        advanceMillis(999);
        assertThat(limits.admitEvent("send command")).isEqualTo(DROP);
        advanceMillis(1);
        assertThat(limits.admitEvent("send command")).isEqualTo(ACCEPT);
    }

    @Test
    void setStateSendStatsAndUnknownEventsShareOneBucketOfFour() {
        assertThat(limits.admitEvent("set state")).isEqualTo(ACCEPT);
        assertThat(limits.admitEvent("send stats")).isEqualTo(ACCEPT);
        assertThat(limits.admitEvent("something else")).isEqualTo(ACCEPT);
        assertThat(limits.admitEvent("send stats")).isEqualTo(ACCEPT);
        assertThat(limits.admitEvent("set state")).isEqualTo(DROP_AND_NOTIFY);
        // a command is not affected by the shared bucket
        assertThat(limits.admitEvent("send command")).isEqualTo(ACCEPT);
        advanceMillis(1_000);
        assertThat(limits.admitEvent("send stats")).isEqualTo(ACCEPT);
    }

    @Test
    void bucketsNeverHoldMoreThanTheirBurst() {
        advanceMillis(3_600_000);
        for (int i = 0; i < 10; i++) {
            assertThat(limits.admitAny()).isEqualTo(ACCEPT);
        }
        assertThat(limits.admitAny()).isEqualTo(DROP_AND_NOTIFY);
    }
}
