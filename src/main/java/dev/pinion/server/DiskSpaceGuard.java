package dev.pinion.server;

import dev.pinion.filesystem.ServerFilesystem;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops a running server that has grown past its disk limit (spec server-lifecycle-docker.md
 * §2.11): checked on every {@code stats} event against the cached usage, at most once per start.
 */
public final class DiskSpaceGuard {
    static final String OVER_LIMIT = "Server is exceeding the assigned disk space limit, stopping process now.";

    private final ServerFilesystem filesystem;
    private final ServerConsole console;
    private final ServerProcess process;
    private final AtomicBoolean triggered = new AtomicBoolean();
    private final Executor work;

    public DiskSpaceGuard(Server server, ServerFilesystem filesystem, ServerConsole console, ServerProcess process,
                          Executor work) {
        this.work = work;
        this.filesystem = filesystem;
        this.console = console;
        this.process = process;
        server.addStateListener((s, from, to) -> {
            if (to == ServerState.STARTING) {
                triggered.set(false);
            }
        });
        // A small queue is enough: only the latest sample matters.
        server.events().subscribe(4, java.util.Set.of(ServerEvent.STATS), event -> check());
    }

    void check() {
        if (!filesystem.diskUsage().withinLimit(true) && triggered.compareAndSet(false, true)) {
            console.daemonMessage(OVER_LIMIT);
            work.execute(() -> process.stop(Duration.ofMinutes(1)));
        }
    }
}
