package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * Recursive delete relative to directory descriptors: a symlink is unlinked itself and never descended
 * through (CVE-2023-25168), and a directory swapped for a symlink mid-delete fails the open (O_NOFOLLOW)
 * instead of redirecting the delete. Returns the bytes of regular files removed, for the quota.
 *
 * <p>Trees nested deeper than {@link TreeWalk#MAX_DEPTH} (possible beyond PATH_MAX with relative
 * mkdirs) are not recursed into further: the deep subtree is renamed, by descriptor, up beside the
 * deletion target under a hidden name and deleted from there afterwards, so stack and descriptors stay
 * bounded whatever the depth.
 */
final class TreeDeleter {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    long delete(NativeDirectory parent, Path name, PosixFileAttributes attributes) throws IOException {
        Deque<Path> parked = new ArrayDeque<>();
        long freed = delete(parent, name, attributes, 0, parent, parked);
        while (!parked.isEmpty()) {
            Path next = parked.poll();
            PosixFileAttributes nextAttributes = PathResolver.lstat(parent, next);
            if (nextAttributes != null) {
                freed += delete(parent, next, nextAttributes, 0, parent, parked);
            }
        }
        return freed;
    }

    private long delete(
            NativeDirectory parent,
            Path name,
            PosixFileAttributes attributes,
            int depth,
            NativeDirectory top,
            Deque<Path> parked)
            throws IOException {
        if (!attributes.isDirectory()) {
            parent.deleteFile(name);
            return attributes.isRegularFile() ? attributes.size() : 0;
        }
        if (depth >= TreeWalk.MAX_DEPTH) {
            Path hidden = Path.of(".pinion-delete-" + UUID.randomUUID());
            parent.move(name, top, hidden);
            parked.add(hidden);
            return 0;
        }
        long freed = 0;
        try (NativeDirectory directory = parent.newDirectoryStream(name, NOFOLLOW)) {
            for (Path entry : directory) {
                Path child = entry.getFileName();
                PosixFileAttributes childAttributes = PathResolver.lstat(directory, child);
                if (childAttributes != null) {
                    freed += delete(directory, child, childAttributes, depth + 1, top, parked);
                }
            }
        }
        parent.deleteDirectory(name);
        return freed;
    }
}
