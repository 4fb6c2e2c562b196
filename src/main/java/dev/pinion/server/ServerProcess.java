package dev.pinion.server;

import dev.pinion.config.ConfigStore;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.ContainerStatus;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.panel.ProcessConfiguration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's container process: start (recreating the container every time, as Wings does), stop
 * by the egg's stop configuration with a bounded wait then SIGKILL, kill, and destroy
 * (spec server-lifecycle-docker.md §2.9).
 */
public final class ServerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    // SIGKILL ends a process at once; this only bounds a Docker that does not report it.
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final Server server;
    private final ServerConsole console;
    private final ResourceUsage usage;
    private final ContainerRuntime runtime;
    private final ContainerSpecFactory specs;
    private final ConfigStore config;
    private final Path root;
    private final Clock clock;

    public ServerProcess(
            Server server,
            ServerConsole console,
            ResourceUsage usage,
            ContainerRuntime runtime,
            ContainerSpecFactory specs,
            ConfigStore config,
            Path root,
            Clock clock) {
        this.clock = clock;
        this.server = server;
        this.console = console;
        this.usage = usage;
        this.runtime = runtime;
        this.specs = specs;
        this.config = config;
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * One run of the container, from its start (or adoption at boot) to the end of its output
     * stream. The end of a run moves the server to offline only while that run is the current one
     * and no stop, kill or destroy has claimed it: a late exit of an earlier container never
     * touches the state of the next one, and an intentional stop decides its own last state.
     */
    private static final class Run {
        final CompletableFuture<Void> exited = new CompletableFuture<>();
        // Guarded by the process's runs lock.
        boolean claimed;
        boolean over;
        // Begun by start(), which has not returned yet: its container may not even exist.
        boolean starting;
    }

    private final Object runs = new Object();
    private Run current;

    /** Environment start: re-attach when already running, else recreate, attach, start. */
    public void start() {
        Optional<ContainerStatus> existing = runtime.inspect(server.uuid());
        if (existing.isPresent() && existing.get().running()) {
            adoptRunning(existing.get());
            return;
        }
        // The run is current before the state says starting: a kill that ended the previous run
        // (going ahead while a restart held the lock) then never writes over this start's states.
        Run run = begin(true);
        server.setState(ServerState.STARTING);
        console.resetForStart();
        try {
            runtime.remove(server.uuid(), false);
            ContainerSpec spec = specs.build(server.configuration().settings(), config.current(), root);
            pull(spec);
            runtime.create(spec);
            // Attach before start so the first line of output is not missed.
            console.attach(false, () -> ended(run));
            runtime.start(server.uuid());
            usage.start(clock.instant());
        } catch (RuntimeException e) {
            // A failed start is not a crash: through stopping to offline.
            claim(run);
            server.setState(ServerState.STOPPING);
            console.detach();
            usage.stop();
            server.setState(ServerState.OFFLINE);
            throw e;
        } finally {
            synchronized (runs) {
                run.starting = false;
            }
        }
    }

    /** At boot: a container found running is marked running (no done detection) and re-attached. */
    public void adoptRunning(ContainerStatus status) {
        Run run = begin(false);
        server.setState(ServerState.RUNNING);
        console.attach(true, () -> ended(run));
        usage.start(status.startedAt().orElse(clock.instant()));
    }

    /**
     * A new run becomes the current one. The previous run's attachment, if its end has not come
     * through yet, is dropped so the new container gets an attachment of its own.
     */
    private Run begin(boolean starting) {
        Run run = new Run();
        run.starting = starting;
        synchronized (runs) {
            current = run;
        }
        console.detach();
        return run;
    }

    /** The run's output ended: its container is gone. */
    private void ended(Run run) {
        boolean mine;
        boolean offline;
        synchronized (runs) {
            mine = current == run && !run.over;
            offline = mine && !run.claimed;
            run.over = true;
        }
        if (mine) {
            usage.stop();
        }
        if (offline) {
            // Nobody asked for this exit: the crash handler sees (running or starting) -> offline.
            server.setState(ServerState.OFFLINE);
        }
        run.exited.complete(null);
    }

    /**
     * Claims the current run for an intentional stop: its end will not change the state, the
     * claimer does. Null when no run is going (never started, or already over).
     */
    private Run claimCurrent() {
        synchronized (runs) {
            Run run = current;
            if (run == null || run.over) {
                return null;
            }
            run.claimed = true;
            return run;
        }
    }

    private void claim(Run run) {
        synchronized (runs) {
            run.claimed = true;
        }
    }

    private void pull(ContainerSpec spec) {
        console.daemonMessage(DaemonMessages.PULL_STARTED);
        try {
            if (spec.pullImage()) {
                runtime.pullImage(
                        spec.image(),
                        config.current().docker().registries(),
                        line -> server.events().publish(ServerEvent.INSTALL_OUTPUT, line));
            }
        } finally {
            console.daemonMessage(DaemonMessages.PULL_FINISHED);
        }
    }

    /**
     * Stops by the egg's stop configuration and waits up to {@code deadline} for the exit, then
     * kills. Returns once the run is over and the server is offline — not merely once Docker says
     * the container stopped — so the power lock is never released while the state still says
     * stopping, and a start right after finds the server offline.
     */
    public void stop(Duration deadline) {
        Run run = claimCurrent();
        if (run == null) {
            settleOffline();
            return;
        }
        Instant until = clock.instant().plus(deadline);
        server.setState(ServerState.STOPPING);
        try {
            sendStop(deadline);
            Duration left = Duration.between(clock.instant(), until);
            if (awaitEnd(run, left.isNegative() ? Duration.ZERO : left)) {
                server.setState(ServerState.OFFLINE);
                return;
            }
            LOG.info("server {}: container stop did not complete in time, terminating process...", server.uuid());
        } catch (IOException | EnvironmentException | IllegalStateException e) {
            LOG.warn("server {}: stopping failed ({}), terminating process...", server.uuid(), e.getMessage());
        }
        kill(run, "SIGKILL");
    }

    /** Sends the egg's stop: its command (or a Docker stop when detached), a native stop, or its signal. */
    private void sendStop(Duration deadline) throws IOException {
        ProcessConfiguration.Stop stop =
                server.configuration().processConfiguration().stop();
        switch (stop.type()) {
            case ProcessConfiguration.Stop.COMMAND -> {
                if (console.isAttached()) {
                    console.sendCommand(stop.value());
                } else {
                    runtime.stop(server.uuid(), deadline);
                }
            }
            case ProcessConfiguration.Stop.NATIVE_STOP -> runtime.stop(server.uuid(), deadline);
            default -> {
                if (stop.type().isEmpty()) {
                    LOG.warn("server {}: no stop configuration detected, sending SIGKILL", server.uuid());
                }
                runtime.signal(server.uuid(), StopSignals.of(stop.value()));
            }
        }
    }

    /**
     * Stops by the egg's stop configuration and waits up to {@code deadline} without ever killing
     * (Wings' {@code WaitForStop(ctx, 15s, false)} before a transfer). True when the process is gone;
     * a missing container counts as stopped.
     */
    public boolean stopWithoutKill(Duration deadline) {
        Run run = claimCurrent();
        if (run == null) {
            settleOffline();
            return true;
        }
        server.setState(ServerState.STOPPING);
        try {
            sendStop(deadline);
            if (awaitEnd(run, deadline)) {
                server.setState(ServerState.OFFLINE);
                return true;
            }
        } catch (IOException | EnvironmentException | IllegalStateException e) {
            LOG.warn("server {}: stopping for a transfer failed: {}", server.uuid(), e.getMessage());
        }
        // Not stopped in time and not killed: whenever the process does end, the server goes offline.
        boolean endedMeanwhile;
        synchronized (runs) {
            run.claimed = false;
            endedMeanwhile = run.over;
        }
        if (endedMeanwhile) {
            server.setState(ServerState.OFFLINE);
            return true;
        }
        return false;
    }

    /**
     * Creates the container without starting it (the end of an incoming transfer, as Wings'
     * {@code CreateEnvironment}): any stale container of this name is removed, the image pulled
     * when needed.
     */
    public void createContainer() {
        runtime.remove(server.uuid(), false);
        ContainerSpec spec = specs.build(server.configuration().settings(), config.current(), root);
        pull(spec);
        runtime.create(spec);
    }

    /**
     * Sends a signal and marks the server offline, as Wings' kill does — but only once the
     * container's exit came through (briefly bounded), so a start right after never finds the
     * dying container still running and adopts it.
     */
    public void terminate(String signal) {
        Run run = claimCurrent();
        if (run == null) {
            settleOffline();
            return;
        }
        kill(run, signal);
    }

    /**
     * A kill going ahead while another power action holds the lock (a stop, or a restart stopping):
     * as {@link #terminate}, but false, doing nothing, while a start is bringing up a new run — its
     * container may not exist yet, so the signal would miss it and the start would run it anyway.
     */
    public boolean terminateUnlessStarting(String signal) {
        Run run;
        synchronized (runs) {
            if (current != null && !current.over && current.starting) {
                return false;
            }
            run = claimCurrent();
        }
        if (run == null) {
            settleOffline();
        } else {
            kill(run, signal);
        }
        return true;
    }

    private void kill(Run run, String signal) {
        setStateFor(run, ServerState.STOPPING);
        try {
            runtime.signal(server.uuid(), signal);
        } catch (EnvironmentException e) {
            LOG.warn("server {}: sending {} failed: {}", server.uuid(), signal, e.getMessage());
        }
        if (!awaitEnd(run, KILL_WAIT)) {
            LOG.warn(
                    "server {}: no exit seen {} after {}; marking it offline anyway", server.uuid(), KILL_WAIT, signal);
            detachFor(run);
        }
        setStateFor(run, ServerState.OFFLINE);
    }

    /**
     * Sets the state on behalf of {@code run}, unless a newer run has begun meanwhile: a kill that
     * went ahead beside a restart sees the old run end at the same moment as the restart does, and
     * its "offline" must not land on the restart's "starting" (which crash detection would take for
     * a crash) — the restart reports the way through offline itself.
     */
    private void setStateFor(Run run, ServerState state) {
        synchronized (runs) {
            if (current == run) {
                server.setState(state);
            }
        }
    }

    private void detachFor(Run run) {
        synchronized (runs) {
            if (current == run) {
                console.detach();
            }
        }
    }

    /**
     * No run of ours is going (the daemon restarted, or it just ended): offline, through stopping
     * as Wings reports it. A run that just ended on its own sets offline itself; wait for that.
     */
    private void settleOffline() {
        Run last;
        synchronized (runs) {
            last = current;
        }
        if (last != null) {
            awaitEnd(last, KILL_WAIT);
        }
        synchronized (runs) {
            // A start that began meanwhile (a restart beside this kill) owns the state now.
            if (current == last && server.state() != ServerState.OFFLINE) {
                server.setState(ServerState.STOPPING);
                server.setState(ServerState.OFFLINE);
            }
        }
    }

    private static boolean awaitEnd(Run run, Duration deadline) {
        try {
            run.exited.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The daemon is shutting down: the output stream ends while the game server runs on. The run
     * is claimed first, so its end is not taken for an exit (no offline, no crash restart).
     */
    public void detachForShutdown() {
        claimCurrent();
        console.detach();
    }

    /** Force-removes the container, killing a running process. */
    public void destroy() {
        claimCurrent();
        server.setState(ServerState.STOPPING);
        console.detach();
        usage.stop();
        runtime.remove(server.uuid(), true);
        server.setState(ServerState.OFFLINE);
    }
}
