package dev.pinion.health;

import com.codahale.metrics.health.HealthCheck;
import dev.pinion.config.ConfigStore;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Healthy while the filesystem holding the server data has more free space than the threshold. */
public final class DataDiskHealthCheck extends HealthCheck {
    private final ConfigStore config;

    public DataDiskHealthCheck(ConfigStore config) {
        this.config = config;
    }

    @Override
    protected Result check() throws IOException {
        Path data = Path.of(config.current().system().data());
        if (!Files.isDirectory(data)) {
            return Result.unhealthy("data directory " + data + " does not exist");
        }
        FileStore store = Files.getFileStore(data);
        long total = store.getTotalSpace();
        long free = store.getUsableSpace();
        double freePercent = total == 0 ? 0 : 100.0 * free / total;
        int minimum = config.current().pinion().minFreeDiskPercent();
        String summary = String.format("%s: %d of %d bytes free (%.1f%%, minimum %d%%)", data, free, total,
                freePercent, minimum);
        return freePercent >= minimum ? Result.healthy(summary) : Result.unhealthy(summary);
    }
}
