package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Host directories the daemon owns but a container has written into: a deleted server's root, an
 * installer's scratch directory (mounted at {@code /mnt/install}, writable by the egg's script as
 * root). They are deleted and written by descriptor, as everything inside a server's root is: a
 * symlink or FIFO left there by an earlier run, or swapped in while the daemon works, never
 * redirects a delete or a write outside the tree and never blocks the daemon. The path up to the
 * directory itself is the operator's and is trusted.
 */
public final class OwnedDirectories {
    private OwnedDirectories() {}

    /** Deletes {@code root} and everything under it without following any link; a missing root is nothing to do. */
    public static void deleteTree(Path root) throws IOException {
        Path absolute = root.toAbsolutePath();
        Path name = absolute.getFileName();
        if (name == null) {
            throw new IOException("refusing to delete " + absolute);
        }
        try (NativeDirectory parent = NativeDirectory.open(absolute.getParent())) {
            PosixFileAttributes attributes = PathResolver.lstat(parent, name);
            if (attributes != null) {
                new TreeDeleter().delete(parent, name, attributes);
            }
        } catch (NoSuchFileException e) {
            // the parent is gone, so is the tree
        }
    }

    /**
     * Makes {@code directory} a new, empty directory with exactly {@code mode}: whatever an earlier
     * run left under that name is deleted first (links unfollowed), so nothing planted there survives.
     */
    public static void recreate(Path directory, int mode) throws IOException {
        Path absolute = directory.toAbsolutePath();
        deleteTree(absolute);
        Files.createDirectories(absolute.getParent());
        try (NativeDirectory parent = NativeDirectory.open(absolute.getParent())) {
            String name = absolute.getFileName().toString();
            parent.mkdir(name, mode);
            // mkdir's mode passes through the umask
            parent.chmod(name, mode);
        }
    }

    /**
     * Writes {@code content} to the new file {@code name} in {@code directory} (O_CREAT|O_EXCL|
     * O_NOFOLLOW, non-blocking) with exactly {@code mode}; fails if anything already has that name.
     */
    public static void writeNewFile(Path directory, String name, byte[] content, int mode) throws IOException {
        try (NativeDirectory parent = NativeDirectory.open(directory.toAbsolutePath());
                FileChannel file = parent.createForWriting(name, mode)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            file.force(true);
            parent.chmod(name, mode);
        }
    }
}
