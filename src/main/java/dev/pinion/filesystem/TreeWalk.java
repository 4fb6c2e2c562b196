package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Depth-first walk of a server directory by descriptor, never following or descending into symlinks
 * (a directory swapped for a link mid-walk fails its O_NOFOLLOW open and is skipped). Shared by the
 * disk-usage walk, compress/backup archives and the boot chown.
 *
 * <p>Descriptor-relative opens are not bounded by PATH_MAX, so a container can nest directories far
 * deeper than any path; a plain recursive walk would overflow the stack or hold one descriptor per
 * level. Below {@link #MAX_DEPTH} levels a subtree is therefore deferred: it is re-opened later from the
 * root (the resolver holds at most two descriptors while doing so) and walked with a fresh depth, so no
 * file escapes the walk (no quota bypass) and resources stay bounded. Each deferred directory is walked
 * at most once (by inode), so link swaps cannot make the walk loop.
 */
final class TreeWalk {
    static final int MAX_DEPTH = 128;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** What the walk does with what it meets; {@code path} is the entry's components (reused: copy to keep). */
    interface Visitor {
        /** A non-directory entry (regular file, symlink, FIFO, ...), described by lstat. */
        void file(NativeDirectory directory, Path name, PosixFileAttributes attributes, List<String> path)
                throws IOException;

        /** A directory that has just been opened (the start directory included). */
        default void directory(NativeDirectory directory, List<String> path) throws IOException {}
    }

    private final PathResolver resolver;

    TreeWalk(PathResolver resolver) {
        this.resolver = resolver;
    }

    /** Walks everything beneath {@code start} (which must be a directory). */
    void walk(SafePath start, Visitor visitor) throws IOException {
        Deque<SafePath> pending = new ArrayDeque<>();
        Set<Object> walked = new HashSet<>();
        pending.add(start);
        while (!pending.isEmpty()) {
            SafePath next = pending.poll();
            NativeDirectory directory;
            try {
                directory = next.isRoot() ? resolver.openRoot() : resolver.openDirectory(next, false);
            } catch (FilesystemException e) {
                if (next == start) {
                    throw e;
                }
                continue;
            }
            try (directory) {
                Object inode = directory
                        .getFileAttributeView(BasicFileAttributeView.class)
                        .readAttributes()
                        .fileKey();
                if (inode != null && !walked.add(inode)) {
                    continue;
                }
                List<String> path = new ArrayList<>(next.components());
                visitor.directory(directory, path);
                descend(directory, path, 0, visitor, pending);
            }
        }
    }

    private void descend(
            NativeDirectory directory, List<String> path, int depth, Visitor visitor, Deque<SafePath> pending)
            throws IOException {
        for (Path entry : directory) {
            Path name = entry.getFileName();
            PosixFileAttributes attributes = PathResolver.lstat(directory, name);
            if (attributes == null) {
                continue;
            }
            path.add(name.toString());
            try {
                if (!attributes.isDirectory()) {
                    visitor.file(directory, name, attributes, path);
                } else if (depth + 1 >= MAX_DEPTH) {
                    pending.add(new SafePath(path));
                } else {
                    NativeDirectory child;
                    try {
                        child = directory.newDirectoryStream(name, NOFOLLOW);
                    } catch (IOException swappedOrVanished) {
                        continue;
                    }
                    try (child) {
                        visitor.directory(child, path);
                        descend(child, path, depth + 1, visitor, pending);
                    }
                }
            } finally {
                path.remove(path.size() - 1);
            }
        }
    }
}
