package dev.pinion.server;

import dev.pinion.config.ConfigStore;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.ContainerStatus;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.panel.ProcessConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A server's container process: start (recreating the container every time, as Wings does), stop
 * by the egg's stop configuration with a bounded wait then SIGKILL, kill, and destroy
 * (spec server-lifecycle-docker.md §2.9).
 */
public final class ServerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);

    private final Server server;
    private final ServerConsole console;
    private final ResourceUsage usage;
    private final ContainerRuntime runtime;
    private final ContainerSpecFactory specs;
    private final ConfigStore config;
    private final Path root;
    private final Clock clock;

    public ServerProcess(Server server, ServerConsole console, ResourceUsage usage, ContainerRuntime runtime,
                         ContainerSpecFactory specs, ConfigStore config, Path root, Clock clock) {
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

    /** Environment start: re-attach when already running, else recreate, attach, start. */
    public void start() {
        Optional<ContainerStatus> existing = runtime.inspect(server.uuid());
        if (existing.isPresent() && existing.get().running()) {
            adoptRunning(existing.get());
            return;
        }
        server.setState(ServerState.STARTING);
        console.resetForStart();
        try {
            runtime.remove(server.uuid(), false);
            ContainerSpec spec = specs.build(server.configuration().settings(), config.current(), root);
            pull(spec);
            runtime.create(spec);
            // Attach before start so the first line of output is not missed.
            console.attach(false, this::onExit);
            runtime.start(server.uuid());
            usage.start(clock.instant());
        } catch (RuntimeException e) {
            // A failed start is not a crash: through stopping to offline.
            server.setState(ServerState.STOPPING);
            console.detach();
            usage.stop();
            server.setState(ServerState.OFFLINE);
            throw e;
        }
    }

    /** At boot: a container found running is marked running (no done detection) and re-attached. */
    public void adoptRunning(ContainerStatus status) {
        server.setState(ServerState.RUNNING);
        console.attach(true, this::onExit);
        usage.start(status.startedAt().orElse(clock.instant()));
    }

    private void pull(ContainerSpec spec) {
        console.daemonMessage(DaemonMessages.PULL_STARTED);
        try {
            if (spec.pullImage()) {
                runtime.pullImage(spec.image(), config.current().docker().registries(),
                        line -> server.events().publish(ServerEvent.INSTALL_OUTPUT, line));
            }
        } finally {
            console.daemonMessage(DaemonMessages.PULL_FINISHED);
        }
    }

    private void onExit() {
        usage.stop();
        server.setState(ServerState.OFFLINE);
    }

    /**
     * Stops by the egg's stop configuration and waits up to {@code deadline} for the exit, then
     * kills. Returns when the process is gone.
     */
    public void stop(Duration deadline) {
        Instant until = clock.instant().plus(deadline);
        ProcessConfiguration.Stop stop = server.configuration().processConfiguration().stop();
        try {
            if (server.state() != ServerState.OFFLINE) {
                server.setState(ServerState.STOPPING);
            }
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
            Duration left = Duration.between(clock.instant(), until);
            if (runtime.awaitExit(server.uuid(), left.isNegative() ? Duration.ZERO : left)) {
                return;
            }
            LOG.info("server {}: container stop did not complete in time, terminating process...", server.uuid());
        } catch (java.io.IOException | EnvironmentException | IllegalStateException e) {
            LOG.warn("server {}: stopping failed ({}), terminating process...", server.uuid(), e.getMessage());
        }
        terminate("SIGKILL");
    }

    /** Sends a signal and marks the server offline without waiting for the exit, as Wings' kill does. */
    public void terminate(String signal) {
        Optional<ContainerStatus> status = runtime.inspect(server.uuid());
        if (status.isEmpty() || !status.get().running()) {
            if (server.state() != ServerState.OFFLINE) {
                server.setState(ServerState.STOPPING);
                server.setState(ServerState.OFFLINE);
            }
            return;
        }
        server.setState(ServerState.STOPPING);
        runtime.signal(server.uuid(), signal);
        server.setState(ServerState.OFFLINE);
    }

    /** Force-removes the container, killing a running process. */
    public void destroy() {
        server.setState(ServerState.STOPPING);
        console.detach();
        usage.stop();
        runtime.remove(server.uuid(), true);
        server.setState(ServerState.OFFLINE);
    }
}
