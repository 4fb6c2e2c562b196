package dev.pinion.server;

import dev.pinion.config.ConfigStore;
import dev.pinion.server.configfiles.ConfigFileApplier;
import dev.pinion.server.configfiles.ConfigFileResult;
import dev.pinion.server.configfiles.NodeTemplateValues;
import dev.pinion.server.configfiles.ServerTemplateValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The steps before every start, inside the power lock with the state still offline
 * (spec server-lifecycle-docker.md §3.2): sync with the Panel, refuse a suspended server, make sure
 * the server directory exists, rewrite the egg's configuration files and hand the files to the
 * system user.
 */
public final class PreBoot {
    private static final Logger LOG = LoggerFactory.getLogger(PreBoot.class);

    private final Server server;
    private final ServerSync sync;
    private final ServerConsole console;
    private final ConfigStore config;
    private final ConfigFileApplier configFiles;
    private final Path root;

    public PreBoot(Server server, ServerSync sync, ServerConsole console, ConfigStore config,
                   ConfigFileApplier configFiles, Path root) {
        this.server = server;
        this.sync = sync;
        this.console = console;
        this.config = config;
        this.configFiles = configFiles;
        this.root = root;
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
        try {
            ensureRoot();
        } catch (IOException e) {
            throw new PowerActionException("cannot create the server directory: " + e.getMessage(), false);
        }
        applyConfigFiles();
        try {
            if (config.current().system().checkPermissionsOnBoot()) {
                console.daemonMessage(DaemonMessages.CHECKING_PERMISSIONS);
                chownTree();
            }
        } catch (IOException e) {
            throw new PowerActionException("failed to chown root server directory during pre-boot process: " + e.getMessage(), false);
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

    private void ensureRoot() throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** lchown of the whole tree, never following a link out of it. */
    private void chownTree() throws IOException {
        int uid = config.current().system().user().uid();
        int gid = config.current().system().user().gid();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                own(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                own(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                LOG.warn("server {}: cannot chown {}: {}", server.uuid(), file, e.getMessage());
                return FileVisitResult.CONTINUE;
            }

            private void own(Path path) throws IOException {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        });
    }
}
