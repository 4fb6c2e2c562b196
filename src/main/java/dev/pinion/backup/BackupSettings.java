package dev.pinion.backup;

import java.util.List;

/**
 * The configuration a backup or restore reads when it starts: {@code system.backups.write_limit}
 * (MiB/s, 0 = unlimited) and {@code system.backups.restore_host_allowlist} (literal addresses an S3
 * restore download may reach although private).
 */
public record BackupSettings(long writeLimitMiB, List<String> restoreHostAllowlist) {
    public BackupSettings {
        restoreHostAllowlist = List.copyOf(restoreHostAllowlist);
    }
}
