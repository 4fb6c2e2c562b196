package dev.pinion.server;

import dev.pinion.config.ConfigStore;
import dev.pinion.config.SystemConfig;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.environment.ContainerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash detection (spec server-lifecycle-docker.md §2.10): a process that leaves {@code starting}
 * or {@code running} straight for {@code offline} — every intentional stop passes through
 * {@code stopping} — exited on its own. It is reported in the console with Wings' lines and
 * started again, at most once per {@code system.crash_detection.timeout} seconds, so a server that
 * dies at boot is not restarted in a loop. Decided on the actual (from, to) pair delivered in
 * order, never on a later read of the state, so a stop is never taken for a crash.
 */
public final class CrashHandler implements Server.StateListener {
    private static final Logger LOG = LoggerFactory.getLogger(CrashHandler.class);
    static final String DETECTED = "---------- Detected server process in a crashed state! ----------";
    static final String DISABLED = "Aborting automatic restart, crash detection is disabled for this instance.";
    static final String FAILED = "Server crash was detected but an error occurred while handling it.";

    private final ServerConsole console;
    private final PowerActions power;
    private final ContainerRuntime runtime;
    private final ConfigStore config;
    private final Clock clock;
    private final Executor work;
    private Instant lastCrash;

    public CrashHandler(
            ServerConsole console,
            PowerActions power,
            ContainerRuntime runtime,
            ConfigStore config,
            Clock clock,
            Executor work) {
        this.work = work;
        this.console = console;
        this.power = power;
        this.runtime = runtime;
        this.config = config;
        this.clock = clock;
    }

    static String tooSoon(long timeoutSeconds) {
        return "Aborting automatic restart, last crash occurred less than " + timeoutSeconds + " seconds ago.";
    }

    @Override
    public void changed(Server server, ServerState from, ServerState to) {
        if (to != ServerState.OFFLINE || (from != ServerState.STARTING && from != ServerState.RUNNING)) {
            return;
        }
        // Off the listener thread: the state lock is held here, and the restart changes the state.
        work.execute(() -> handle(server));
    }

    private void handle(Server server) {
        try {
            if (server.state() != ServerState.OFFLINE || server.isDeleted()) {
                return;
            }
            SystemConfig.CrashDetection settings = config.current().system().crashDetection();
            // The node switch is Wings' default for the per-server one, which this Panel never sends.
            if (!settings.enabled() || !server.configuration().settings().crashDetectionEnabled()) {
                console.daemonMessage(DISABLED);
                return;
            }
            Optional<ContainerStatus> status = runtime.inspect(server.uuid());
            int exitCode = status.map(ContainerStatus::exitCode).orElse(1);
            boolean oomKilled = status.map(ContainerStatus::oomKilled).orElse(false);
            if (exitCode == 0 && !oomKilled && !settings.detectCleanExitAsCrash()) {
                LOG.debug("server {}: exited with code 0; not configured to treat that as a crash", server.uuid());
                return;
            }
            console.daemonMessage(DETECTED);
            console.daemonMessage("Exit code: " + exitCode);
            console.daemonMessage("Out of memory: " + oomKilled);
            if (!recordCrash(settings.timeout())) {
                console.daemonMessage(tooSoon(settings.timeout()));
                LOG.info(
                        "server {}: crashed again within {} s of the last crash restart; not restarting",
                        server.uuid(),
                        settings.timeout());
                return;
            }
            power.handle(PowerAction.START, 0);
        } catch (Exception e) {
            LOG.error("server {}: handling a crash failed: {}", server.uuid(), e.getMessage());
            console.daemonMessage(FAILED);
        }
    }

    /** Records this crash's restart unless the last one was less than {@code timeout} seconds ago (0: always). */
    private synchronized boolean recordCrash(long timeoutSeconds) {
        Instant now = clock.instant();
        if (timeoutSeconds != 0
                && lastCrash != null
                && lastCrash.plus(Duration.ofSeconds(timeoutSeconds)).isAfter(now)) {
            return false;
        }
        lastCrash = now;
        return true;
    }
}
