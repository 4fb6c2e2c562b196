/**
 * A server's confined filesystem: safe path resolution inside the root, denylist, quota, archives.
 * Knows nothing about HTTP (no Jersey, Jetty or jakarta.ws.rs).
 *
 * <p>Entry point: {@link dev.pinion.filesystem.ServerFilesystem}, one per server, with an operation per
 * Wings file endpoint. Every failure is a {@link dev.pinion.filesystem.FilesystemException} whose
 * {@link dev.pinion.filesystem.ErrorKind} carries the HTTP status and the exact Wings message.
 *
 * <p>Confinement ({@code PathResolver}): request paths are normalised lexically ({@link
 * dev.pinion.filesystem.SafePath}), then walked component by component through directory descriptors
 * ({@link java.nio.file.SecureDirectoryStream}, i.e. openat/fstatat/renameat) with O_NOFOLLOW; every
 * operation acts on (trusted parent descriptor, name). Directories are created in a daemon-only staging
 * directory and renamed in by descriptor ({@code DirectoryCreator}); files are written to a temporary
 * file in the target directory and renamed over the target ({@code AtomicFileWriter}).
 *
 * <p>Archives are gzip-compressed on several cores ({@link dev.pinion.filesystem.ParallelGzipOutputStream},
 * blocks on the compression workers passed in, one standard gzip member) with a bounded number of blocks
 * in flight.
 *
 * <p>May use: the JDK and Apache commons-compress (plus org.tukaani:xz). Used by: api, sftp, backup,
 * transfer, pull, server.
 */
package dev.pinion.filesystem;
