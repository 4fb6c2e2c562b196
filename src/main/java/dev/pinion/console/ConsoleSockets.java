package dev.pinion.console;

import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import dev.pinion.tokens.TokenClaims;
import dev.pinion.tokens.TokenRevocations;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every open console socket, per server: the caps (per server and per client address, taken before
 * the upgrade and given back when a socket closes or misses its authentication deadline), closing
 * on a user's deauthorization, on server deletion and at shutdown.
 */
public final class ConsoleSockets implements TokenRevocations.Listener, Managed {
    /** Revoked: the frontend reconnects (any code but 1000/1001/1005) and must authenticate afresh. */
    static final int REVOKED = 4401;
    /** Shutdown: 1012 "service restart", so the frontend reconnects once the daemon is back. */
    static final int SHUTDOWN = 1012;

    private final ServerManager servers;
    private final SocketSlots slots;
    private final ScheduledExecutorService scheduler;
    private volatile ScheduledFuture<?> sweep;
    private final Map<String, Set<ConsoleConnection>> open = new ConcurrentHashMap<>();

    public ConsoleSockets(ServerManager servers, ConsoleSettings settings, ScheduledExecutorService scheduler) {
        this.servers = servers;
        this.slots = new SocketSlots(
                settings.maxSocketsPerServer(), settings.maxSocketsPerAddress(), settings.maxPendingPerAddress());
        this.scheduler = scheduler;
    }

    /** Takes one of the server's socket slots for a client address, or says which cap refused it. */
    SocketSlots.Admission reserve(String server, String address) {
        return slots.take(server, address);
    }

    void opened(ConsoleConnection connection) {
        open.computeIfAbsent(connection.serverUuid(), k -> ConcurrentHashMap.newKeySet())
                .add(connection);
    }

    void closed(ConsoleConnection connection) {
        open.computeIfPresent(connection.serverUuid(), (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** Sockets of a server that can still authenticate (for tests and metrics). */
    public int count(String server) {
        return slots.count(server);
    }

    /** Open sockets from a client address (for tests and metrics). */
    public int countFrom(String address) {
        return slots.countFrom(address);
    }

    /**
     * Nothing to close: as Wings, a socket whose token was denied stays open, and its next message
     * and every event for it are answered with {@code jwt error} (spec README "ws/deny on an open
     * socket"), so the frontend fetches a fresh token without showing a disconnect.
     */
    @Override
    public void jtiDenied(String jti) {
        // ConsoleConnection checks the deny list on every message and event.
    }

    @Override
    public void userDeauthorized(String userUuid, List<String> listed) {
        closeWhere(
                listed.isEmpty() ? open.keySet() : listed,
                token -> token.userUuid().equals(userUuid));
    }

    private void closeWhere(Iterable<String> serverUuids, Predicate<TokenClaims> which) {
        for (String server : serverUuids) {
            for (ConsoleConnection connection : open.getOrDefault(server, Set.of())) {
                Optional<TokenClaims> token = connection.token();
                if (token.isPresent() && which.test(token.get())) {
                    connection.close(REVOKED, "authorization revoked");
                }
            }
        }
    }

    /**
     * A deleted server's sockets see {@code deleted} on its bus and close themselves; the bus is
     * lossy and closed right after, so this sweep closes any socket that missed it.
     */
    private void sweepDeleted() {
        for (Map.Entry<String, Set<ConsoleConnection>> entry : open.entrySet()) {
            Optional<ManagedServer> server = servers.get(entry.getKey());
            if (server.isEmpty() || server.get().server().isDeleted()) {
                entry.getValue().forEach(c -> c.close(1001, "server deleted"));
            }
        }
    }

    @Override
    public void start() {
        sweep = scheduler.scheduleWithFixedDelay(this::sweepDeleted, 2, 2, TimeUnit.SECONDS);
    }

    /**
     * Closes every socket with 1012 and waits a little for the close frames to go out. Called when
     * the daemon begins to stop, before Jetty would close them with 1001 (which the frontend never
     * recovers from).
     */
    public void closeAll(Duration wait) {
        open.values().forEach(set -> set.forEach(c -> c.close(SHUTDOWN, "service restart")));
        long deadline = System.nanoTime() + wait.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void stop() {
        closeAll(Duration.ofSeconds(2));
        ScheduledFuture<?> running = sweep;
        if (running != null) {
            running.cancel(false);
        }
    }
}
