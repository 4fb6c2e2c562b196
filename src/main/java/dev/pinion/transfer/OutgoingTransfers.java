package dev.pinion.transfer;

import dev.pinion.panel.PanelClient;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.Server;
import dev.pinion.server.ServerState;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source side of transfers (spec files-backups-transfers.md §6.1 steps 3–4, §6.4): starts a
 * push after stopping the server the way Wings does (the stop action, 15 s, never a kill), cancels
 * one, and at daemon shutdown fails every running push cleanly, telling the Panel.
 */
public final class OutgoingTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(OutgoingTransfers.class);

    /** What every push needs; one set per node. */
    record Parts(
            PanelClient panel,
            HttpClient client,
            ScheduledExecutorService ticks,
            TransferMessages messages,
            ActiveTransfers active,
            TransferSettings settings) {}

    private final Parts parts;
    private final ExecutorService executor;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    private record Running(OutgoingTransfer transfer, Future<?> future) {}

    /**
     * @param client   sends the archive: HTTP/1.1 (chunked), the system trust store, no timeout
     * @param executor runs the pushes (a bounded lifecycle executor)
     * @param ticks    publishes the progress lines
     */
    public OutgoingTransfers(
            PanelClient panel,
            HttpClient client,
            ExecutorService executor,
            ScheduledExecutorService ticks,
            TransferMessages messages,
            ActiveTransfers active,
            TransferSettings settings) {
        this.parts = new Parts(panel, client, ticks, messages, active, settings);
        this.executor = executor;
    }

    /**
     * POST /api/servers/:server/transfer: marks the server transferring (power actions refused),
     * stops it, and starts the push in the background. Throws 409 when a transfer is already running,
     * 500 when the server did not stop in time (the flag is cleared again).
     */
    public void start(ManagedServer managed, String url, String token) {
        URI destination = destination(url);
        if (token == null || token.isBlank()) {
            throw new TransferException(400, "The token field is required.");
        }
        Server server = managed.server();
        if (!server.transferring().compareAndSet(false, true)) {
            throw new TransferException(409, TransferException.ALREADY_TRANSFERRING);
        }
        try {
            if (server.state() != ServerState.OFFLINE
                    && !managed.process().stopWithoutKill(parts.settings().stopTimeout())) {
                throw new TransferException(500, "failed to stop server for transfer");
            }
            OutgoingTransfer transfer = new OutgoingTransfer(managed, destination, token, parts);
            synchronized (running) {
                running.put(managed.uuid(), new Running(transfer, executor.submit(() -> {
                    try {
                        transfer.run();
                    } finally {
                        synchronized (running) {
                            running.remove(managed.uuid());
                        }
                    }
                })));
            }
        } catch (RejectedExecutionException e) {
            server.transferring().set(false);
            throw new TransferException(503, "Too many transfers are running on this node.", e);
        } catch (RuntimeException e) {
            server.transferring().set(false);
            throw e;
        }
    }

    /** DELETE /api/servers/:server/transfer: 409 unless a push of this server is running. */
    public void cancel(ManagedServer managed) {
        Running current;
        synchronized (running) {
            current = running.get(managed.uuid());
        }
        if (!managed.server().transferring().get()
                || current == null
                || !current.transfer().cancel("Canceled.")) {
            throw new TransferException(409, TransferException.NOT_TRANSFERRING);
        }
    }

    /** Whether a push of this server is running. */
    public boolean isRunning(String uuid) {
        return running.containsKey(uuid);
    }

    /**
     * Daemon shutdown: cancels every push and waits (up to {@code timeout}) until each reported its
     * failure to the Panel.
     */
    public void failAll(String reason, Duration timeout) {
        List<Running> all = List.copyOf(running.values());
        all.forEach(r -> r.transfer().cancel(reason));
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Running r : all) {
            try {
                r.future().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                LOG.warn(
                        "server {}: transfer did not end in time at shutdown: {}",
                        r.transfer().uuid(),
                        e.toString());
            }
        }
    }

    private static URI destination(String url) {
        if (url == null || url.isBlank()) {
            throw new TransferException(400, "The url field is required.");
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new TransferException(400, "The url field must be an http or https URL.");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new TransferException(400, "The url field must be an http or https URL.", e);
        }
    }
}
