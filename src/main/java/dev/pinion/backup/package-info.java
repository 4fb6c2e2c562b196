/**
 * Local and S3 backups, and restores (spec files-backups-transfers.md §5; wings-to-panel-and-config.md
 * A9). Knows nothing about HTTP (no Jersey, Jetty or jakarta.ws.rs).
 *
 * <p>Entry point: {@link dev.pinion.backup.Backups} — create, delete and restore, one operation per
 * server at a time, long work on the bounded executor it is given. Archives come from
 * {@link dev.pinion.filesystem.ServerFilesystem#writeArchive} (the compress writer, so Go nodes restore
 * them) through a SHA-1/size counting stream and the {@code write_limit} throttle; the local adapter
 * writes {@code <backup_directory>/<uuid>.tar.gz} via a temporary name, fsync and rename
 * ({@link dev.pinion.backup.BackupDirectory}); the S3 adapter streams parts to the Panel's presigned
 * URLs with one part on disk at a time ({@link dev.pinion.backup.S3PartStream},
 * {@link dev.pinion.backup.S3PartUploader}). Results reach the Panel through
 * {@link dev.pinion.backup.BackupReporter}, which persists and retries reports (backup and restore
 * callbacks alike) until the Panel answers, across restarts.
 * Restores ({@link dev.pinion.backup.BackupRestorer}) stream into
 * {@link dev.pinion.filesystem.ServerFilesystem#extractArchive}.
 *
 * <p>May use: filesystem, panel, server (events, process), pull (the SSRF-guarded GET for S3 restore
 * downloads), the JDK HttpClient. Used by: api (BackupsResource, SignedDownloadResource for
 * /download/backup) and PinionApplication (wiring).
 */
package dev.pinion.backup;
