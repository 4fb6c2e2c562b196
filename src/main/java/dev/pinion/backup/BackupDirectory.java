package dev.pinion.backup;

import dev.pinion.filesystem.ReadableFile;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code system.backup_directory}: Wings' flat layout {@code <dir>/<backup uuid>.tar.gz} shared by all
 * servers (spec §5.2, §5.7), so a Go node and Pinion can take over each other's directory. Archives
 * being written live under a hidden temporary name beside it and are renamed in only when complete and
 * fsynced; a temporary name left by a killed daemon is found at the next start. Only validated ids
 * ({@link BackupIds}) ever become paths.
 */
public final class BackupDirectory {
    private static final String TEMP_PREFIX = ".pinion-";
    private static final String ARCHIVE_SUFFIX = ".tar.gz";
    private static final String TEMP_SUFFIX = ".tar.gz.tmp";
    private static final String SPOOL_SUFFIX = ".s3-part.tmp";

    private final Path directory;

    public BackupDirectory(Path directory) {
        this.directory = directory;
    }

    public Path path() {
        return directory;
    }

    /** Creates the directory 0700 if missing (Wings' mode). */
    void ensureExists() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    Path archive(String uuid) {
        return directory.resolve(BackupIds.require(uuid) + ARCHIVE_SUFFIX);
    }

    Path temporary(String uuid) {
        return directory.resolve(TEMP_PREFIX + BackupIds.require(uuid) + TEMP_SUFFIX);
    }

    Path spool(String uuid) {
        return directory.resolve(TEMP_PREFIX + BackupIds.require(uuid) + SPOOL_SUFFIX);
    }

    /** Whether a finished local archive exists (a regular file, not followed through a link). */
    public boolean exists(String uuid) {
        return Files.isRegularFile(archive(uuid), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Opens a finished archive for /download/backup; empty when there is no regular file by that name.
     * The size is fixed at open time.
     */
    public Optional<ReadableFile> open(String uuid) throws IOException {
        Path file = archive(uuid);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // ELOOP (a symlink) and the like: nothing we wrote.
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            throw e;
        }
        BasicFileAttributes attributes =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(ReadableFile.ofChannel(uuid + ARCHIVE_SUFFIX, channel.size(), "application/gzip", channel));
    }

    /** Removes a finished archive; false when there was none (a vanished file counts as removed by the caller). */
    public boolean delete(String uuid) throws IOException {
        return Files.deleteIfExists(archive(uuid));
    }

    /** A new temporary file (0600) whose close() fsyncs before closing, so a rename after it is durable. */
    OutputStream createSynced(Path file) throws IOException {
        FileChannel channel = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        OutputStream out = Channels.newOutputStream(channel);
        return new FilterOutputStream(out) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try (channel) {
                    channel.force(true);
                }
            }
        };
    }

    /** Renames a complete temporary archive to its final name and fsyncs the directory entry. */
    void publish(Path temporary, String uuid) throws IOException {
        Files.move(temporary, archive(uuid), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * The ids of backups a previous run left unfinished (killed mid-archive or mid-upload); their
     * temporary files are removed. None of them was ever reported as successful.
     */
    List<String> removeInterrupted() throws IOException {
        List<String> interrupted = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return interrupted;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, TEMP_PREFIX + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String id = name.endsWith(TEMP_SUFFIX)
                        ? name.substring(TEMP_PREFIX.length(), name.length() - TEMP_SUFFIX.length())
                        : name.endsWith(SPOOL_SUFFIX)
                                ? name.substring(TEMP_PREFIX.length(), name.length() - SPOOL_SUFFIX.length())
                                : null;
                if (id != null && BackupIds.isValid(id)) {
                    Files.deleteIfExists(entry);
                    if (!interrupted.contains(id)) {
                        interrupted.add(id);
                    }
                }
            }
        }
        return interrupted;
    }

    /** Free bytes on the filesystem holding the directory (health check). */
    public long usableSpace() throws IOException {
        return Files.getFileStore(directory).getUsableSpace();
    }
}
