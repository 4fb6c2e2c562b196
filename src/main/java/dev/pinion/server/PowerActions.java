package dev.pinion.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs power actions one at a time per server with Wings' locking (spec server-lifecycle-docker.md
 * §1.4, §2.9): start, stop and restart take the power lock, waiting up to {@code waitSeconds}; kill
 * goes ahead even when the lock is held, so a stuck stop can always be ended.
 *
 * <p>Where Pinion differs from Wings: an action asked for without a wait (the Panel's buttons and
 * the console send none) still waits up to 30 s ({@link #QUEUE_GRACE}) for the action before it,
 * in the order asked (the lock is fair), instead of failing at once with "another power action is
 * currently being processed". A user who clicks stop while a start is still attaching, or start the
 * moment "offline" shows, gets the action done — however fast they click.
 */
public final class PowerActions {
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(10);
    /**
     * How long an action asked for without a wait queues behind a running one: as long as Wings
     * waits when the Panel asks for a wait it does not accept, and enough for a start on a busy
     * node (create, attach, start) to finish before the stop clicked during it is carried out.
     */
    static final Duration QUEUE_GRACE = Duration.ofSeconds(30);

    private final Server server;
    private final ServerProcess process;
    private final PreBoot preBoot;
    // Whether the holder of the power lock is starting the container (see lockForKill).
    private volatile boolean starting;
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
        boolean locked = action == PowerAction.KILL
                ? lockForKill()
                : server.powerLock()
                        .tryAcquire(waitSeconds > 0 ? waitSeconds : QUEUE_GRACE.toSeconds(), TimeUnit.SECONDS);
        if (!locked && action != PowerAction.KILL) {
            throw new PowerActionException(
                    waitSeconds > 0
                            ? "could not acquire lock on power action after " + waitSeconds
                                    + " seconds: locker: cannot acquire lock, already locked"
                            : "failed to acquire exclusive lock for power actions: locker: cannot acquire lock, already locked",
                    true);
        }
        try {
            switch (action) {
                case START -> {
                    if (server.state() != ServerState.OFFLINE) {
                        throw new PowerActionException("server is running", false);
                    }
                    starting = true;
                    preBoot.run();
                    process.start();
                }
                case STOP -> process.stop(STOP_TIMEOUT);
                case RESTART -> {
                    process.stop(STOP_TIMEOUT);
                    starting = true;
                    preBoot.run();
                    process.start();
                }
                case KILL -> {
                    if (locked) {
                        process.terminate("SIGKILL");
                    } else {
                        locked = killBesideHolder();
                    }
                }
            }
        } finally {
            if (locked) {
                starting = false;
                server.powerLock().release();
            }
        }
    }

    /**
     * Kill goes ahead without the lock when a stop holds it (a stop that hangs must be endable).
     * A start that holds it is let finish first, briefly: killing a container while it is being
     * created would leave the start to run it afterwards, with the server marked offline.
     */
    private boolean lockForKill() throws InterruptedException {
        if (server.powerLock().tryAcquire()) {
            return true;
        }
        long until = System.nanoTime() + QUEUE_GRACE.toNanos();
        while (starting && System.nanoTime() < until) {
            if (server.powerLock().tryAcquire(50, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A kill while a stop or a restart holds the lock: it ends the process being stopped at once.
     * Should the holder be a restart that has meanwhile begun starting its new container, the kill
     * waits for the lock as it would behind a start (see {@link #lockForKill}). True when it ended
     * up holding the lock.
     */
    private boolean killBesideHolder() throws InterruptedException {
        long until = System.nanoTime() + QUEUE_GRACE.toNanos();
        while (!process.terminateUnlessStarting("SIGKILL")) {
            if (server.powerLock().tryAcquire(50, TimeUnit.MILLISECONDS)) {
                process.terminate("SIGKILL");
                return true;
            }
            if (System.nanoTime() >= until) {
                process.terminate("SIGKILL");
                return false;
            }
        }
        return false;
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
