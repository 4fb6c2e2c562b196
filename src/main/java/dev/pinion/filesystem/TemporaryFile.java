package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A file being written by the daemon that the container cannot see yet: an O_TMPFILE descriptor in the
 * target directory. Mode, owner and times are set on the descriptor; {@link #publish} links it under a
 * fresh hidden name and renames that over the target, so the target is replaced atomically by a file
 * that was complete, owned and moded before any container process could name it. Closing an
 * unpublished file discards it (the kernel frees an unlinked inode).
 *
 * <p>Where the filesystem has no O_TMPFILE, the file is created under a hidden random name with
 * O_CREAT|O_EXCL|O_NOFOLLOW|O_NONBLOCK ({@link #visible}) and still handled by descriptor only.
 */
final class TemporaryFile implements AutoCloseable {
    private final int fd;
    private final FileChannel channel;
    private final NativeDirectory directory;
    private final String visibleName;
    private boolean closed;
    private boolean published;

    TemporaryFile(int fd, FileChannel channel) {
        this(fd, channel, null, null);
    }

    private TemporaryFile(int fd, FileChannel channel, NativeDirectory directory, String visibleName) {
        this.fd = fd;
        this.channel = channel;
        this.directory = directory;
        this.visibleName = visibleName;
    }

    /** The fallback: a new file under a hidden random name in {@code directory}. */
    static TemporaryFile visible(NativeDirectory directory, int mode) throws IOException {
        String name = AtomicFileWriter.hiddenName();
        int created = Posix.openat(
                directory.fd(),
                name,
                Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL | Posix.O_NOFOLLOW | Posix.O_NONBLOCK | Posix.O_CLOEXEC,
                mode);
        try {
            return new TemporaryFile(
                    created,
                    FileChannel.open(Path.of(Posix.procPath(created)), StandardOpenOption.WRITE),
                    directory,
                    name);
        } catch (IOException | RuntimeException e) {
            Posix.close(created);
            Posix.unlinkat(directory.fd(), name, 0);
            throw e;
        }
    }

    FileChannel channel() {
        return channel;
    }

    long size() throws IOException {
        return Posix.fstat(fd).size();
    }

    void setMode(int mode) throws IOException {
        Posix.fchmod(fd, mode);
    }

    void setOwner(Ownership ownership) throws IOException {
        if (ownership.enabled()) {
            Posix.fchown(fd, ownership.uid(), ownership.gid());
        }
    }

    /** Gives the file exactly this owner and group (the owner of the file it replaces). */
    void setOwner(int uid, int gid) throws IOException {
        Posix.Stat current = Posix.fstat(fd);
        if (current.uid() != uid || current.gid() != gid) {
            Posix.fchown(fd, uid, gid);
        }
    }

    void setModified(Instant modified) throws IOException {
        Posix.setTimes(fd, modified, modified);
    }

    /** Links the file under {@code hiddenName} in {@code directory}, then renames it over {@code name}. */
    void publish(NativeDirectory target, String hiddenName, String name) throws IOException {
        channel.close();
        if (visibleName != null) {
            Posix.renameat(directory.fd(), visibleName, target.fd(), name);
            published = true;
            return;
        }
        NativeDirectory directory = target;
        Posix.linkDescriptor(fd, directory.fd(), hiddenName);
        try {
            Posix.renameat(directory.fd(), hiddenName, directory.fd(), name);
            published = true;
        } catch (IOException | RuntimeException e) {
            try {
                Posix.unlinkat(directory.fd(), hiddenName, 0);
            } catch (IOException ignored) {
                // the container may already have removed it; nothing of ours is left behind either way
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
            if (visibleName != null && !published) {
                discardVisible();
            }
        } finally {
            Posix.close(fd);
        }
    }

    /** Removes our hidden name, unless the container replaced it with something else meanwhile. */
    private void discardVisible() throws IOException {
        Posix.Stat named = directory.lstat(visibleName);
        Posix.Stat ours = Posix.fstat(fd);
        if (named != null && named.inode() == ours.inode() && named.device() == ours.device()) {
            Posix.unlinkat(directory.fd(), visibleName, 0);
        }
    }
}
