package dev.pinion.backup;

/**
 * A running backup as operators see it: content bytes archived so far against the server's size when
 * it started (the cached disk usage; stale values allowed, as Wings' transfer progress).
 */
public record BackupProgress(String serverUuid, String backupUuid, BackupAdapter adapter, long written, long total) {}
