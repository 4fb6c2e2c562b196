package dev.pinion.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck;
import dev.pinion.health.TransferHealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What operators see of transfers: the stuck-transfer health check, the counters, the progress lines (spec §2.1, §6.6). */
class TransferOperationsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-02T15:04:05Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final ActiveTransfers active = new ActiveTransfers(clock);
    private final TransferHealthCheck health = new TransferHealthCheck(active, () -> Duration.ofMinutes(5));

    @Test
    void aTransferWithoutProgressForLongerThanTheLimitIsUnhealthyUntilItMovesAgain() {
        ActiveTransfers.Movement movement = active.begin("uuid-1", ActiveTransfers.Direction.INCOMING);
        assertThat(health.execute().isHealthy()).isTrue();

        now.set(now.get().plus(Duration.ofMinutes(6)));
        HealthCheck.Result stuck = health.execute();
        assertThat(stuck.isHealthy()).isFalse();
        assertThat(stuck.getMessage()).contains("incoming uuid-1");

        active.moved(movement, 100);
        assertThat(health.execute().isHealthy()).isTrue();
        assertThat(active.bytesReceived()).isEqualTo(100);
        assertThat(active.bytesSent()).isZero();
    }

    @Test
    void anEndedTransferIsNoLongerCounted() {
        ActiveTransfers.Movement movement = active.begin("uuid-2", ActiveTransfers.Direction.OUTGOING);
        active.moved(movement, 42);
        assertThat(active.count()).isEqualTo(1);

        active.end(movement);
        now.set(now.get().plus(Duration.ofHours(1)));

        assertThat(active.count()).isZero();
        assertThat(health.execute().isHealthy()).isTrue();
        assertThat(active.bytesSent()).isEqualTo(42);
    }

    @Test
    void progressIsWingsTwentyFiveCharacterBar() {
        assertThat(TransferMessages.progress(0, 0)).isEqualTo("[                         ] 0 B / 0 B");
        assertThat(TransferMessages.progress(1288490188L, 5153960755L))
                .isEqualTo("[======                   ] 1.2 GiB / 4.8 GiB");
        assertThat(TransferMessages.progress(2048, 2048)).isEqualTo("[=========================] 2.0 KiB / 2.0 KiB");
        assertThat(TransferMessages.size(1023)).isEqualTo("1023 B");
    }

    @Test
    void logLinesAreColouredAndStampedAsWingsSendsThem() {
        String line = new TransferMessages(clock).line("Source Node", "Streaming archive to destination...");
        assertThat(line)
                .isEqualTo(
                        "\u001b[33m\u001b[1mFri, 02 Jan 2026 15:04:05 UTC [Transfer System] [Source Node]:\u001b[39m "
                                + "Streaming archive to destination...\u001b[0m");
    }
}
