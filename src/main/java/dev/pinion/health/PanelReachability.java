package dev.pinion.health;

import dev.pinion.config.ConfigStore;
import dev.pinion.config.NodeConfig;
import dev.pinion.panel.PanelCallException;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.PanelUnreachableException;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the Panel, in the background and on a fixed period, whether it answers this node's
 * credentials. The daemon never waits for it; the health check reads the last answer.
 */
public final class PanelReachability implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(PanelReachability.class);

    /** The last probe's outcome. */
    public record Status(boolean reachable, String detail, Instant checkedAt) {}

    private final ConfigStore config;
    private final PanelClient panel;
    private final Duration period;
    private final Clock clock;
    private volatile Status last = new Status(false, "not checked yet", Instant.EPOCH);
    private final ScheduledExecutorService timers;
    private volatile ScheduledFuture<?> probing;

    /** @param timers runs the periodic probe (each probe waits at most the Panel client's request timeout) */
    public PanelReachability(
            ConfigStore config, PanelClient panel, Duration period, Clock clock, ScheduledExecutorService timers) {
        this.timers = timers;
        this.config = config;
        this.panel = panel;
        this.period = period;
        this.clock = clock;
    }

    @Override
    public void start() {
        probing = timers.scheduleWithFixedDelay(this::probe, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = probing;
        if (running != null) {
            running.cancel(true);
        }
    }

    public Status status() {
        return last;
    }

    /** One probe: the smallest page of this node's servers, with the node's credentials. */
    public Status probe() {
        NodeConfig node = config.current();
        Status next;
        if (node.remote().isEmpty()) {
            next = new Status(false, "no Panel location configured (remote)", clock.instant());
        } else {
            next = ask();
        }
        if (next.reachable() != last.reachable()) {
            if (next.reachable()) {
                LOG.info("Panel at {} is reachable", node.remote());
            } else {
                LOG.warn(
                        "Panel at {}: {}; will keep retrying every {} s",
                        node.remote(),
                        next.detail(),
                        period.toSeconds());
            }
        }
        last = next;
        return next;
    }

    private Status ask() {
        try {
            int status = panel.probe();
            if (status >= 200 && status < 300) {
                return new Status(true, "Panel answered " + status, clock.instant());
            }
            String why = status == 401 || status == 403
                    ? "the Panel refused this node's token_id/token"
                    : "the Panel answered HTTP " + status;
            return new Status(false, why, clock.instant());
        } catch (PanelUnreachableException | IllegalArgumentException e) {
            return new Status(false, "cannot reach the Panel: " + e.getMessage(), clock.instant());
        } catch (PanelCallException e) {
            return new Status(false, "probe interrupted", clock.instant());
        }
    }
}
