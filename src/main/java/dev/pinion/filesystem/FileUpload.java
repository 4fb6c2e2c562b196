package dev.pinion.filesystem;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * A file being written at random offsets (an SFTP write handle), published atomically: the bytes go to
 * a new hidden temporary file in the target's directory (O_CREAT|O_EXCL|O_NOFOLLOW relative to the
 * directory descriptor, held open for the whole upload), and {@link #commit()} replaces the target with
 * one {@code renameat}. Until then readers see the old file; an upload that is never committed (client
 * gone, error) is deleted on {@link #close()}, so nothing is ever half-written. Every write that grows
 * the file is checked against the quota first. Not thread-safe (one SFTP handle is used by one session).
 */
public final class FileUpload implements Closeable {
    private final NativeDirectory directory;
    private final Path temporary;
    private final SafePath path;
    private final SeekableByteChannel channel;
    private final DiskUsage usage;
    private final Ownership ownership;
    private final long oldSize;
    private int mode;
    private long size;
    private boolean finished;
    private FilesystemException failure;

    private FileUpload(
            NativeDirectory directory,
            Path temporary,
            SafePath path,
            SeekableByteChannel channel,
            DiskUsage usage,
            Ownership ownership,
            long oldSize,
            int mode) {
        this.directory = directory;
        this.temporary = temporary;
        this.path = path;
        this.channel = channel;
        this.usage = usage;
        this.ownership = ownership;
        this.oldSize = oldSize;
        this.mode = mode;
    }

    /**
     * Starts an upload to {@code path}: missing parents are created (0755, chowned), an existing directory
     * or symlink at the target is refused (CVE-2023-25152), {@code exclusive} refuses an existing file.
     * The new file gets {@code mode}, or the existing file's mode when {@code mode} is negative.
     */
    static FileUpload open(
            PathResolver resolver, DiskUsage usage, Ownership ownership, SafePath path, int mode, boolean exclusive) {
        if (path.isRoot()) {
            throw new FilesystemException(ErrorKind.WRITE_CONFLICTS_WITH_DIRECTORY, ".", "is a directory");
        }
        NativeDirectory directory = resolver.openDirectory(path.parent(), true);
        try {
            PosixFileAttributes existing = PathResolver.lstat(directory, path.name());
            long oldSize = requireReplaceable(existing, path, exclusive);
            int effectiveMode = mode >= 0
                    ? mode & 0777
                    : existing != null ? FileStat.permissionBits(existing.permissions()) : FileWrites.NEW_FILE_MODE;
            Path temporary = Path.of(".pinion-" + UUID.randomUUID() + ".tmp");
            SeekableByteChannel channel = directory.newByteChannel(
                    temporary,
                    Set.of(
                            StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(FileStat.permissionSet(0600)));
            return new FileUpload(directory, temporary, path, channel, usage, ownership, oldSize, effectiveMode);
        } catch (IOException | RuntimeException e) {
            PathResolver.closeQuietly(directory);
            if (e instanceof IOException io) {
                throw IoErrors.translate(io, path);
            }
            throw (RuntimeException) e;
        }
    }

    /** Writes {@code data} at {@code offset}; growing the file past the quota is refused ({@link ErrorKind#NO_DISK}). */
    public void write(long offset, ByteBuffer data) {
        requireOpen();
        long end = offset + data.remaining();
        if (offset < 0 || end < offset) {
            throw new FilesystemException(ErrorKind.UNKNOWN, path.toString(), "bad offset");
        }
        try {
            if (end > size) {
                usage.requireFit(end - oldSize, path.toString());
            }
            channel.position(offset);
            while (data.hasRemaining()) {
                channel.write(data);
            }
        } catch (IOException e) {
            failure = IoErrors.translate(e, path);
            throw failure;
        } catch (FilesystemException e) {
            // A write that failed leaves a hole: this upload can never be published.
            failure = e;
            throw e;
        }
        size = Math.max(size, end);
    }

    /** Reads what was written so far at {@code offset}; -1 at the end. */
    public int read(long offset, ByteBuffer into) {
        requireOpen();
        try {
            channel.position(offset);
            return channel.read(into);
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    /** The bytes written so far (the highest offset reached). */
    public long size() {
        return size;
    }

    /** The permission bits the file will be published with. */
    public void setMode(int newMode) {
        this.mode = newMode & 0777;
    }

    /**
     * Publishes the file: mode and owner applied, then one rename over the target. Closes the upload. An
     * upload one of whose writes failed (quota, disk) is discarded instead and the failure thrown again.
     */
    public void commit() {
        requireOpen();
        if (failure != null) {
            close();
            throw failure;
        }
        try {
            channel.close();
            PosixFileAttributeView view =
                    directory.getFileAttributeView(temporary, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setPermissions(FileStat.permissionSet(mode));
            ownership.apply(directory, temporary);
            // The target may have changed since open (a container process racing us): check again.
            long replaced = requireReplaceable(PathResolver.lstat(directory, path.name()), path, false);
            directory.move(temporary, directory, Path.of(path.name()));
            finished = true;
            usage.add(size - replaced);
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        } finally {
            close();
        }
    }

    /** Ends the upload; an uncommitted temporary file is deleted and the target left as it was. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the temporary file is deleted below either way
        }
        if (!finished) {
            finished = true;
            try {
                directory.deleteFile(temporary);
            } catch (IOException ignored) {
                // the name is unique and hidden; nothing else refers to it
            }
        }
        PathResolver.closeQuietly(directory);
    }

    private void requireOpen() {
        if (finished) {
            throw new FilesystemException(ErrorKind.UNKNOWN, path.toString(), "upload already finished");
        }
    }

    private static long requireReplaceable(PosixFileAttributes existing, SafePath path, boolean exclusive) {
        if (existing == null) {
            return 0;
        }
        if (exclusive) {
            throw new FilesystemException(ErrorKind.DESTINATION_EXISTS, path.toString(), "file exists");
        }
        if (existing.isDirectory()) {
            throw new FilesystemException(ErrorKind.WRITE_CONFLICTS_WITH_DIRECTORY, path.toString(), "is a directory");
        }
        if (existing.isSymbolicLink()) {
            throw new FilesystemException(ErrorKind.BAD_PATH, path.toString(), "bad path resolution: symlink");
        }
        if (!existing.isRegularFile()) {
            throw new FilesystemException(ErrorKind.NOT_REGULAR_FILE, path.toString(), "not a regular file");
        }
        return existing.size();
    }
}
