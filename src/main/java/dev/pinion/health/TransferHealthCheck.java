package dev.pinion.health;

import com.codahale.metrics.health.HealthCheck;
import dev.pinion.transfer.ActiveTransfers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Unhealthy while a transfer has moved no byte for longer than {@code pinion.transfer_stall_seconds}:
 * a source or destination that hangs without closing the connection would otherwise go unseen.
 */
public final class TransferHealthCheck extends HealthCheck {
    private final ActiveTransfers transfers;
    private final Supplier<Duration> stallLimit;

    public TransferHealthCheck(ActiveTransfers transfers, Supplier<Duration> stallLimit) {
        this.transfers = transfers;
        this.stallLimit = stallLimit;
    }

    @Override
    protected Result check() {
        Duration limit = stallLimit.get();
        List<ActiveTransfers.Movement> stalled = transfers.stalled(limit);
        if (stalled.isEmpty()) {
            return Result.healthy("%d transfer(s) running", transfers.count());
        }
        return Result.unhealthy(
                "no progress for over %d s: %s",
                limit.toSeconds(),
                stalled.stream()
                        .map(m -> m.direction().name().toLowerCase(Locale.ROOT) + " " + m.server() + " (" + m.bytes()
                                + " bytes so far)")
                        .collect(Collectors.joining(", ")));
    }
}
