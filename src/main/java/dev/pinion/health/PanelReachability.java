package dev.pinion.health;

import dev.pinion.config.ConfigStore;
import dev.pinion.config.NodeConfig;
import io.dropwizard.lifecycle.Managed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks the Panel, in the background and on a fixed period, whether it answers this node's
 * credentials. The daemon never waits for it; the health check reads the last answer.
 */
public final class PanelReachability implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(PanelReachability.class);

    /** The last probe's outcome. */
    public record Status(boolean reachable, String detail, Instant checkedAt) {
    }

    private final ConfigStore config;
    private final HttpClient http;
    private final Duration period;
    private final String userAgent;
    private volatile Status last = new Status(false, "not checked yet", Instant.EPOCH);
    private final ScheduledExecutorService timers;
    private volatile ScheduledFuture<?> probing;

    /** @param timers runs the periodic probe (each probe waits at most the HTTP client's timeouts) */
    public PanelReachability(ConfigStore config, HttpClient http, Duration period, String userAgent,
                             ScheduledExecutorService timers) {
        this.timers = timers;
        this.config = config;
        this.http = http;
        this.period = period;
        this.userAgent = userAgent;
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
            next = new Status(false, "no Panel location configured (remote)", Instant.now());
        } else {
            next = ask(node);
        }
        if (next.reachable() != last.reachable()) {
            if (next.reachable()) {
                LOG.info("Panel at {} is reachable", node.remote());
            } else {
                LOG.warn("Panel at {}: {}; will keep retrying every {} s", node.remote(), next.detail(), period.toSeconds());
            }
        }
        last = next;
        return next;
    }

    private Status ask(NodeConfig node) {
        String base = node.remote().endsWith("/") ? node.remote().substring(0, node.remote().length() - 1) : node.remote();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/remote/servers?page=0&per_page=1"))
                    .timeout(Duration.ofSeconds(node.remoteQuery().timeout()))
                    .header("Authorization", "Bearer " + node.tokenId() + "." + node.token())
                    .header("Accept", "application/vnd.pterodactyl.v1+json")
                    .header("User-Agent", userAgent)
                    .GET().build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return new Status(true, "Panel answered " + status, Instant.now());
            }
            String why = status == 401 || status == 403 ? "the Panel refused this node's token_id/token"
                    : "the Panel answered HTTP " + status;
            return new Status(false, why, Instant.now());
        } catch (java.io.IOException | IllegalArgumentException e) {
            return new Status(false, "cannot reach the Panel: " + e, Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Status(false, "probe interrupted", Instant.now());
        }
    }
}
