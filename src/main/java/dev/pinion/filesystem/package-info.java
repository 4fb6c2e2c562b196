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
 * ({@code NativeDirectory}: openat/statx/renameat/unlinkat/mkdirat) with O_NOFOLLOW; every operation
 * acts on (trusted parent descriptor, name). Directories are created with mkdirat on the trusted parent
 * ({@code DirectoryCreator}); files are written to an anonymous O_TMPFILE file in the target directory,
 * which the container cannot see, then linked and renamed over the target ({@code AtomicFileWriter},
 * {@code TemporaryFile}).
 *
 * <p>Nothing blocks on a special file (issue #10): directories are opened O_DIRECTORY|O_NONBLOCK, files
 * O_PATH first and re-opened for I/O only after the descriptor's type says "regular file"; chmod, chown
 * and times act on O_PATH descriptors. A game process can swap a FIFO, socket or device under any name at
 * any moment; the worst it gets is a refusal. A disk-usage walk running too long is reported by {@code
 * DiskUsage.walkHealth()} and the quota keeps the last known usage.
 *
 * <p>Why java.lang.foreign ({@code Posix}): the JDK's {@code SecureDirectoryStream} opens with a plain
 * O_RDONLY (no O_NONBLOCK, no O_DIRECTORY) and opens a file even to chmod or chown it, so it cannot meet
 * that rule; the FFM API is final since Java 22, part of the JDK (no native library to ship or build,
 * no JNA/JNR dependency with its own native stubs and release cadence), and binds the dozen glibc calls we
 * need in one small class. The language level is 25 (scripts/jdk.sh requires it); the jar's manifest
 * carries {@code Enable-Native-Access: ALL-UNNAMED}. Linux (glibc, x86-64 or aarch64) only, as Wings.
 *
 * <p>Archives are gzip-compressed on several cores ({@link dev.pinion.filesystem.ParallelGzipOutputStream},
 * blocks on the compression workers passed in) with a bounded number of blocks in flight, by the node's
 * {@link dev.pinion.filesystem.GzipEngine}: libdeflate bound through java.lang.foreign ({@code LibDeflate},
 * one gzip member per block) when the node has {@code libdeflate.so.0}, else the JDK's zlib (one member).
 *
 * <p>May use: the JDK and Apache commons-compress (plus org.tukaani:xz); the system's libdeflate when present. Used by: api, sftp, backup,
 * transfer, pull, server.
 */
package dev.pinion.filesystem;
