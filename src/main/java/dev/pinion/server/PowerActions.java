package dev.pinion.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs power actions one at a time per server with Wings' locking (spec server-lifecycle-docker.md
 * §1.4, §2.9): start, stop and restart take the power lock (try once, or wait up to
 * {@code waitSeconds}); kill goes ahead even when the lock is held, so a stuck stop can always be
 * ended.
 */
public final class PowerActions {
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(10);

    private final Server server;
    private final ServerProcess process;
    private final PreBoot preBoot;
    private final Executor work;

    public PowerActions(Server server, ServerProcess process, PreBoot preBoot, Executor work) {
        this.work = work;
        this.server = server;
        this.process = process;
        this.preBoot = preBoot;
    }

    public void handle(PowerAction action, int waitSeconds) throws PowerActionException, InterruptedException {
        if (server.isDeleted()) {
            throw new PowerActionException("server is being deleted", false);
        }
        if (server.restoring().get()) {
            throw new PowerActionException("server is currently being restored", false);
        }
        if (server.transferring().get()) {
            throw new PowerActionException("server is currently being transferred", false);
        }
        if (server.installing().get()) {
            throw new PowerActionException("server is currently installing", false);
        }
        boolean locked = waitSeconds > 0
                ? server.powerLock().tryAcquire(waitSeconds, TimeUnit.SECONDS)
                : server.powerLock().tryAcquire();
        if (!locked && action != PowerAction.KILL) {
            throw new PowerActionException(waitSeconds > 0
                    ? "could not acquire lock on power action after " + waitSeconds + " seconds: locker: cannot acquire lock, already locked"
                    : "failed to acquire exclusive lock for power actions: locker: cannot acquire lock, already locked", true);
        }
        try {
            switch (action) {
                case START -> {
                    if (server.state() != ServerState.OFFLINE) {
                        throw new PowerActionException("server is running", false);
                    }
                    preBoot.run();
                    process.start();
                }
                case STOP -> process.stop(STOP_TIMEOUT);
                case RESTART -> {
                    process.stop(STOP_TIMEOUT);
                    preBoot.run();
                    process.start();
                }
                case KILL -> process.terminate("SIGKILL");
            }
        } finally {
            if (locked) {
                server.powerLock().release();
            }
        }
    }

    /**
     * Runs {@link #handle} in the background (callers that answer at once: the API, the console).
     * The future fails with what {@code handle} throws; it never runs on the caller's thread.
     */
    public CompletableFuture<Void> submit(PowerAction action, int waitSeconds) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        work.execute(() -> {
            try {
                handle(action, waitSeconds);
                done.complete(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.completeExceptionally(e);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Whether a power action is running now (the reinstall endpoint refuses then). */
    public boolean isBusy() {
        return server.powerLock().availablePermits() == 0;
    }
}
