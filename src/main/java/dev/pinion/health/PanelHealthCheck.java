package dev.pinion.health;

import com.codahale.metrics.health.HealthCheck;
import java.time.Instant;

/** Healthy when the last background probe found the Panel answering this node's credentials. */
public final class PanelHealthCheck extends HealthCheck {
    private final PanelReachability reachability;

    public PanelHealthCheck(PanelReachability reachability) {
        this.reachability = reachability;
    }

    @Override
    protected Result check() {
        PanelReachability.Status status = reachability.status();
        if (status.checkedAt().equals(Instant.EPOCH)) {
            // Asked before the first background probe finished: answer from a probe of our own.
            status = reachability.probe();
        }
        String detail = status.detail() + " (checked " + status.checkedAt() + ")";
        return status.reachable() ? Result.healthy(detail) : Result.unhealthy(detail);
    }
}
