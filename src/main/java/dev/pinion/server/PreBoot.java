package dev.pinion.server;

import dev.pinion.config.ConfigStore;
import dev.pinion.filesystem.FilesystemException;
import dev.pinion.filesystem.ServerFilesystem;
import dev.pinion.server.configfiles.ConfigFileApplier;
import dev.pinion.server.configfiles.ConfigFileResult;
import dev.pinion.server.configfiles.NodeTemplateValues;
import dev.pinion.server.configfiles.ServerTemplateValues;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps before every start, inside the power lock with the state still offline
 * (spec server-lifecycle-docker.md §3.2): sync with the Panel, refuse a suspended server, make sure
 * the disk is not over its limit, rewrite the egg's configuration files and hand the files to the
 * system user.
 */
public final class PreBoot {
    private static final Logger LOG = LoggerFactory.getLogger(PreBoot.class);

    private final Server server;
    private final ServerSync sync;
    private final ServerConsole console;
    private final ConfigStore config;
    private final ConfigFileApplier configFiles;
    private final ServerFilesystem filesystem;

    public PreBoot(
            Server server,
            ServerSync sync,
            ServerConsole console,
            ConfigStore config,
            ConfigFileApplier configFiles,
            ServerFilesystem filesystem) {
        this.server = server;
        this.sync = sync;
        this.console = console;
        this.config = config;
        this.configFiles = configFiles;
        this.filesystem = filesystem;
    }

    public void run() throws PowerActionException {
        try {
            sync.sync();
        } catch (RuntimeException e) {
            throw new PowerActionException("unable to sync server data from Panel instance: " + e.getMessage(), false);
        }
        if (server.isSuspended()) {
            throw new PowerActionException("server is currently in a suspended state", false);
        }
        checkDiskSpace();
        // The file API waits meanwhile: nothing renames a directory under the config rewrite or the chown.
        PowerActionException failed = filesystem.exclusively(() -> {
            applyConfigFiles();
            if (config.current().system().checkPermissionsOnBoot()) {
                console.daemonMessage(DaemonMessages.CHECKING_PERMISSIONS);
                try {
                    filesystem.chownAll();
                } catch (FilesystemException e) {
                    return new PowerActionException(
                            "failed to chown root server directory during pre-boot process: " + e.getMessage(), false);
                }
            }
            return null;
        });
        if (failed != null) {
            throw failed;
        }
    }

    /** With a disk limit a fresh usage walk decides; without one only a background refresh starts. */
    private void checkDiskSpace() throws PowerActionException {
        if (server.configuration().settings().build().diskSpace() == 0) {
            filesystem.diskUsage().refreshInBackground();
            return;
        }
        console.daemonMessage(DaemonMessages.CHECKING_DISK);
        if (!filesystem.diskUsage().withinLimit(false)) {
            throw new PowerActionException("filesystem: not enough disk space", false);
        }
    }

    /** Wings goes on with whatever is on disk when a file cannot be rewritten; the console says why. */
    private void applyConfigFiles() {
        console.daemonMessage(DaemonMessages.UPDATING_CONFIGS);
        var configuration = server.configuration();
        List<ConfigFileResult> results = configFiles.applyAll(
                configuration.rawProcessConfiguration().path("configs"),
                ServerTemplateValues.fromSettings(configuration.rawSettings()),
                new NodeTemplateValues(config.current().docker().network().hostInterface()));
        for (ConfigFileResult result : results) {
            result.problem().ifPresent(problem -> {
                LOG.warn("server {}: {}", server.uuid(), problem);
                console.daemonMessage(problem);
            });
        }
    }
}
