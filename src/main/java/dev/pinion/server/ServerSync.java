package dev.pinion.server;

import dev.pinion.config.ConfigStore;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.filesystem.Denylist;
import dev.pinion.filesystem.ServerFilesystem;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.ServerConfiguration;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes a server from the Panel (spec server-lifecycle-docker.md §1.9): replaces its
 * configuration, applies the new limits to its container in place, and stops it when it is now
 * suspended.
 */
public final class ServerSync {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSync.class);

    private final Server server;
    private final ServerProcess process;
    private final PanelClient panel;
    private final ContainerRuntime runtime;
    private final ContainerSpecFactory specs;
    private final ConfigStore config;
    private final ServerFilesystem filesystem;
    private final Executor work;

    public ServerSync(
            Server server,
            ServerProcess process,
            PanelClient panel,
            ContainerRuntime runtime,
            ContainerSpecFactory specs,
            ConfigStore config,
            ServerFilesystem filesystem,
            Executor work) {
        this.work = work;
        this.filesystem = filesystem;
        this.server = server;
        this.process = process;
        this.panel = panel;
        this.runtime = runtime;
        this.specs = specs;
        this.config = config;
    }

    /** Fetches and applies the Panel's configuration; throws what the Panel call throws. */
    public void sync() {
        ServerConfiguration latest = panel.getServerConfiguration(server.uuid());
        server.configure(latest);
        applyToFilesystem(latest);
        if (server.isSuspended()) {
            if (server.state() != ServerState.OFFLINE) {
                work.execute(() -> process.stop(Duration.ofMinutes(1)));
            }
            return;
        }
        try {
            if (runtime.inspect(server.uuid()).isPresent()) {
                runtime.updateResources(server.uuid(), specs.limits(latest.settings(), config.current()));
            }
        } catch (EnvironmentException e) {
            // Docker cannot undo some limits in place; they apply when the container is recreated.
            LOG.warn("server {}: could not apply new limits in place: {}", server.uuid(), e.getMessage());
        }
    }

    /** The disk limit (MiB from the Panel) and the egg's denylist follow every sync. */
    void applyToFilesystem(ServerConfiguration latest) {
        filesystem.diskUsage().setLimit(latest.settings().build().diskSpace() * 1024L * 1024L);
        filesystem.setDenylist(Denylist.compile(latest.settings().egg().fileDenylist()));
    }
}
