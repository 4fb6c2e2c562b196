package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The disk-usage walk: the sum of regular files' apparent sizes under the root (directories, symlinks
 * and special files count 0, hard links once per link — Wings' rule, spec §1.4). It walks by directory
 * descriptor with NOFOLLOW, so a symlink (or a directory swapped for one mid-walk) is never descended
 * into, and allocates only what the JDK's directory iteration and one stat per entry need.
 */
final class UsageWalker implements DiskUsage.Walk {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private final PathResolver resolver;

    UsageWalker(PathResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public long measure() throws IOException {
        try (SecureDirectoryStream<Path> root = resolver.openRoot()) {
            return sum(root);
        }
    }

    private static long sum(SecureDirectoryStream<Path> directory) throws IOException {
        long total = 0;
        for (Path entry : directory) {
            Path name = entry.getFileName();
            BasicFileAttributes attributes;
            try {
                attributes = directory.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW)
                        .readAttributes();
            } catch (java.nio.file.NoSuchFileException vanished) {
                continue;
            }
            if (attributes.isRegularFile()) {
                total += attributes.size();
            } else if (attributes.isDirectory()) {
                SecureDirectoryStream<Path> child;
                try {
                    child = directory.newDirectoryStream(name, NOFOLLOW);
                } catch (IOException swappedOrVanished) {
                    continue;
                }
                try (child) {
                    total += sum(child);
                }
            }
        }
        return total;
    }
}
