package dev.pinion.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the node's directories at boot as Wings does (root and data 0700, the rest 0755). A
 * directory that cannot be created is logged and left to the health checks: the API still starts.
 */
public final class NodeDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDirectories.class);

    private NodeDirectories() {}

    public static void create(SystemConfig system) {
        for (String dir : List.of(system.rootDirectory(), system.data())) {
            create(Path.of(dir), "rwx------");
        }
        for (String dir : List.of(
                system.logDirectory(), system.archiveDirectory(), system.backupDirectory(), system.tmpDirectory())) {
            create(Path.of(dir), "rwxr-xr-x");
        }
    }

    private static void create(Path dir, String mode) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.error("cannot create directory {}: {}", dir, e.toString());
        }
    }
}
