package dev.pinion.server;

import dev.pinion.filesystem.ServerFilesystem;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops a running server that has grown past its disk limit (spec server-lifecycle-docker.md
 * §2.11): checked on every {@code stats} event against the cached usage, at most once per start.
 */
public final class DiskSpaceGuard {
    static final String OVER_LIMIT = "Server is exceeding the assigned disk space limit, stopping process now.";

    private final Server server;
    private final ServerFilesystem filesystem;
    private final ServerConsole console;
    private final ServerProcess process;
    private final AtomicBoolean triggered = new AtomicBoolean();
    private final Executor work;
    private final Server.StateListener rearm = this::rearmOnStart;
    private EventBus.Subscription subscription;

    public DiskSpaceGuard(
            Server server, ServerFilesystem filesystem, ServerConsole console, ServerProcess process, Executor work) {
        this.work = work;
        this.server = server;
        this.filesystem = filesystem;
        this.console = console;
        this.process = process;
    }

    /** Starts watching the server's stats events. */
    public synchronized void start() {
        if (subscription != null) {
            return;
        }
        server.addStateListener(rearm);
        // A small queue is enough: only the latest sample matters.
        subscription = server.events().subscribe(4, Set.of(ServerEvent.STATS), event -> check());
    }

    /** Stops watching (the server is deleted or the daemon stops). */
    public synchronized void stop() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
            server.removeStateListener(rearm);
        }
    }

    private void rearmOnStart(Server changed, ServerState from, ServerState to) {
        if (to == ServerState.STARTING) {
            triggered.set(false);
        }
    }

    void check() {
        if (!filesystem.diskUsage().withinLimit(true) && triggered.compareAndSet(false, true)) {
            console.daemonMessage(OVER_LIMIT);
            work.execute(() -> process.stop(Duration.ofMinutes(1)));
        }
    }
}
