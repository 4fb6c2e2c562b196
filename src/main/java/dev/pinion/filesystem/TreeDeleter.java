package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Recursive delete relative to directory descriptors: a symlink is unlinked itself and never descended
 * through (CVE-2023-25168), and a directory swapped for a symlink mid-delete fails the open (O_NOFOLLOW)
 * instead of redirecting the delete. Returns the bytes of regular files removed, for the quota.
 */
final class TreeDeleter {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    long delete(SecureDirectoryStream<Path> parent, Path name, PosixFileAttributes attributes) throws IOException {
        if (!attributes.isDirectory()) {
            parent.deleteFile(name);
            return attributes.isRegularFile() ? attributes.size() : 0;
        }
        long freed = 0;
        try (SecureDirectoryStream<Path> directory = parent.newDirectoryStream(name, NOFOLLOW)) {
            for (Path entry : directory) {
                Path child = entry.getFileName();
                PosixFileAttributes childAttributes = PathResolver.lstat(directory, child);
                if (childAttributes != null) {
                    freed += delete(directory, child, childAttributes);
                }
            }
        }
        parent.deleteDirectory(name);
        return freed;
    }
}
