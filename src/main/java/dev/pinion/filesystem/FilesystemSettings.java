package dev.pinion.filesystem;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How one server's filesystem is set up.
 *
 * @param root              {@code <system.data>/<server uuid>}; created 0755 if missing, resolved to its real path
 * @param staging           a daemon-only directory on the same filesystem, outside every server root, where new
 *                          directories are prepared before being renamed in (see {@link DirectoryCreator})
 * @param diskLimitBytes    {@code build.disk_space} MiB × 1 MiB; 0 = unlimited
 * @param diskCheckInterval {@code system.disk_check_interval}; zero disables usage measuring
 * @param ownership         the owner of new files (system.user.uid/gid)
 * @param compressionLevel  gzip level for compress (0, 1 or 9 from system.backups.compression_level)
 */
public record FilesystemSettings(
        Path root,
        Path staging,
        long diskLimitBytes,
        Duration diskCheckInterval,
        Ownership ownership,
        int compressionLevel) {

    /** The usual layout: staging is a hidden sibling of the data directory's server roots. */
    public static FilesystemSettings forServer(
            Path dataDirectory,
            String serverUuid,
            long diskLimitBytes,
            Duration diskCheckInterval,
            Ownership ownership,
            int compressionLevel) {
        return new FilesystemSettings(
                dataDirectory.resolve(serverUuid),
                dataDirectory.resolve(".pinion-staging").resolve(serverUuid),
                diskLimitBytes,
                diskCheckInterval,
                ownership,
                compressionLevel);
    }
}
