package dev.pinion.server.install;

import dev.pinion.config.ConfigStore;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.panel.InstallStatusReport;
import dev.pinion.panel.InstallationScript;
import dev.pinion.panel.PanelClient;
import dev.pinion.server.ContainerSpecFactory;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.Server;
import dev.pinion.server.ServerEvent;
import dev.pinion.server.ServerInstaller;
import dev.pinion.server.ServerState;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs and reinstalls servers as Wings does (spec server-lifecycle-docker.md §5.2): unless the
 * egg skips its scripts, {@code install started}, the script in its container under the install
 * lock, then the result to the Panel — successful when the container ran, whatever the script's
 * exit code (README) — the state back to offline and {@code install completed}. On daemon shutdown
 * running installs are abandoned unreported; the next boot finds their containers
 * ({@link InterruptedInstalls}) and reports them failed.
 */
public final class ContainerInstaller implements ServerInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerInstaller.class);
    static final String LOCK_BUSY = "install: cannot obtain installation lock";

    private final PanelClient panel;
    private final ContainerRuntime runtime;
    private final ConfigStore config;
    private final InstallationProcess process;
    private final InterruptedInstalls interrupted;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    public ContainerInstaller(PanelClient panel, ContainerRuntime runtime, ConfigStore config) {
        this.panel = panel;
        this.runtime = runtime;
        this.config = config;
        this.process = new InstallationProcess(runtime, new InstallerContainers(new ContainerSpecFactory()));
        this.interrupted = new InterruptedInstalls(runtime, panel, config);
    }

    @Override
    public boolean install(ManagedServer managed, boolean reinstall) {
        Server server = managed.server();
        boolean successful = true;
        if (server.configuration().settings().skipEggScripts()) {
            LOG.info(
                    "server {}: configured to skip running installation scripts for this egg, not executing process",
                    managed.uuid());
        } else {
            server.events().publish(ServerEvent.INSTALL_STARTED, "");
            try {
                runScript(managed, reinstall);
            } catch (InstallFailedException e) {
                LOG.error("server {}: install failed: {}", managed.uuid(), e.getMessage());
                successful = false;
            } catch (InterruptedException e) {
                // Shutdown: nothing is reported; the next boot reports the orphaned installer as failed.
                LOG.warn("server {}: install abandoned by the daemon shutting down", managed.uuid());
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (server.isDeleted()) {
            LOG.info("server {}: deleted during its install; nothing to report", managed.uuid());
            return false;
        }
        report(managed.uuid(), successful, reinstall);
        server.setState(ServerState.OFFLINE);
        server.events().publish(ServerEvent.INSTALL_COMPLETED, "");
        return successful;
    }

    private void runScript(ManagedServer managed, boolean reinstall)
            throws InstallFailedException, InterruptedException {
        InstallationScript script;
        try {
            script = panel.getInstallationScript(managed.uuid());
        } catch (RuntimeException e) {
            throw new InstallFailedException("cannot fetch the installation script: " + e.getMessage(), e);
        }
        if (!managed.server().installing().compareAndSet(false, true)) {
            throw new InstallFailedException(LOCK_BUSY);
        }
        Thread current = Thread.currentThread();
        running.add(current);
        try {
            if (shuttingDown) {
                throw new InterruptedException("the daemon is shutting down");
            }
            LOG.info("server {}: beginning installation process", managed.uuid());
            process.run(managed, config.current(), script, reinstall);
            LOG.info("server {}: completed installation process", managed.uuid());
        } finally {
            running.remove(current);
            managed.server().installing().set(false);
        }
    }

    private void report(String uuid, boolean successful, boolean reinstall) {
        try {
            panel.setInstallationStatus(uuid, new InstallStatusReport(successful, reinstall));
        } catch (RuntimeException e) {
            LOG.warn(
                    "server {}: failed to notify the Panel of the install state (successful: {}): {}",
                    uuid,
                    successful,
                    e.getMessage());
        }
    }

    @Override
    public void recoverInterruptedInstalls(Set<String> serverUuids) {
        interrupted.recover(serverUuids);
    }

    @Override
    public void serverDeleted(ManagedServer server) {
        // Removing the container ends the install's wait; the install then sees the deletion.
        try {
            runtime.remove(InstallerContainers.name(server.uuid()), true);
        } catch (RuntimeException e) {
            LOG.warn("server {}: cannot remove its installer container: {}", server.uuid(), e.getMessage());
        }
    }

    @Override
    public void shutdown() {
        shuttingDown = true;
        running.forEach(Thread::interrupt);
    }
}
