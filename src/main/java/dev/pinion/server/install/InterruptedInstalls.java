package dev.pinion.server.install;

import dev.pinion.config.ConfigStore;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.environment.LabelledContainer;
import dev.pinion.panel.InstallStatusReport;
import dev.pinion.panel.PanelClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At boot, the installs a daemon restart cut short (spec server-lifecycle-docker.md §5.8): every
 * {@code <uuid>_installer} container of one of this node's servers still present is removed and its install reported failed to
 * the Panel — before the boot's {@code /servers/reset}, which would otherwise turn the server's
 * "installing" into "installed" although the script never finished.
 */
final class InterruptedInstalls {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedInstalls.class);
    static final String LOG_NOTE = "Installation interrupted by a daemon restart; reported as failed.";

    private final ContainerRuntime runtime;
    private final PanelClient panel;
    private final ConfigStore config;

    InterruptedInstalls(ContainerRuntime runtime, PanelClient panel, ConfigStore config) {
        this.runtime = runtime;
        this.panel = panel;
        this.config = config;
    }

    /** Only this node's servers: an installer of any other server is none of this daemon's business. */
    void recover(Set<String> serverUuids) {
        for (LabelledContainer container :
                runtime.containersLabelled("ContainerType", InstallerContainers.CONTAINER_TYPE)) {
            if (!container.name().endsWith(InstallerContainers.SUFFIX)) {
                continue;
            }
            String uuid =
                    container.name().substring(0, container.name().length() - InstallerContainers.SUFFIX.length());
            if (!serverUuids.contains(uuid)) {
                continue;
            }
            boolean reinstall = Boolean.parseBoolean(container.labels().get(InstallerContainers.REINSTALL_LABEL));
            LOG.warn(
                    "server {}: found the installer of an install interrupted by a daemon restart; removing it and "
                            + "reporting the install failed",
                    uuid);
            try {
                runtime.remove(container.name(), true);
            } catch (RuntimeException e) {
                LOG.error("server {}: cannot remove the interrupted installer: {}", uuid, e.getMessage());
            }
            var system = config.current().system();
            InstallationProcess.deleteTree(Path.of(system.tmpDirectory(), uuid));
            noteInLog(InstallLog.path(system.logDirectory(), uuid));
            try {
                panel.setInstallationStatus(uuid, new InstallStatusReport(false, reinstall));
            } catch (RuntimeException e) {
                LOG.warn("server {}: failed to notify the Panel of the interrupted install: {}", uuid, e.getMessage());
            }
        }
    }

    private static void noteInLog(Path log) {
        if (!Files.isRegularFile(log)) {
            return;
        }
        try {
            Files.writeString(log, "\n" + LOG_NOTE + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot append to the install log {}: {}", log, e.getMessage());
        }
    }
}
