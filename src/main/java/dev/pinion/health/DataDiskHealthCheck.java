package dev.pinion.health;

import com.codahale.metrics.health.HealthCheck;
import dev.pinion.config.ConfigStore;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Healthy while the filesystems holding the server data and the local backups
 * ({@code system.backup_directory}) each have more free space than the threshold: a full backup disk
 * fails every local backup, so it is as visible as a full data disk.
 */
public final class DataDiskHealthCheck extends HealthCheck {
    private final ConfigStore config;

    public DataDiskHealthCheck(ConfigStore config) {
        this.config = config;
    }

    @Override
    protected Result check() throws IOException {
        var system = config.current().system();
        int minimum = config.current().pinion().minFreeDiskPercent();
        List<String> summaries = new ArrayList<>();
        boolean healthy = true;
        FileStore dataStore = null;
        for (Path directory : List.of(Path.of(system.data()), Path.of(system.backupDirectory()))) {
            if (!Files.isDirectory(directory)) {
                return Result.unhealthy("directory " + directory + " does not exist");
            }
            FileStore store = Files.getFileStore(directory);
            if (store.equals(dataStore)) {
                continue; // the backups share the data disk: one line says it all
            }
            dataStore = dataStore == null ? store : dataStore;
            long total = store.getTotalSpace();
            long free = store.getUsableSpace();
            double freePercent = total == 0 ? 0 : 100.0 * free / total;
            summaries.add(String.format(
                    "%s: %d of %d bytes free (%.1f%%, minimum %d%%)", directory, free, total, freePercent, minimum));
            healthy &= freePercent >= minimum;
        }
        String summary = String.join("; ", summaries);
        return healthy ? Result.healthy(summary) : Result.unhealthy(summary);
    }
}
