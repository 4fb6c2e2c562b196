package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Wings' boot-time {@code check_permissions_on_boot}: chowns the whole tree to the server user, by
 * descriptor and without following or descending into symlinks (symlinks themselves are left alone: the
 * JDK can only chown a link's target, and that target may be outside the root).
 */
final class OwnershipWalker {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private final PathResolver resolver;
    private final Ownership ownership;

    OwnershipWalker(PathResolver resolver, Ownership ownership) {
        this.resolver = resolver;
        this.ownership = ownership;
    }

    void chownAll() throws IOException {
        if (!ownership.enabled()) {
            return;
        }
        try (SecureDirectoryStream<Path> root = resolver.openRoot()) {
            ownership.applyToOpenDirectory(root);
            walk(root);
        }
    }

    private void walk(SecureDirectoryStream<Path> directory) throws IOException {
        for (Path entry : directory) {
            Path name = entry.getFileName();
            BasicFileAttributes attributes;
            try {
                attributes = directory.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
            } catch (java.nio.file.NoSuchFileException vanished) {
                continue;
            }
            if (attributes.isSymbolicLink() || attributes.isOther()) {
                // Links: see class comment. FIFOs: the JDK opens the file to fchown it, which would block.
                continue;
            }
            if (attributes.isDirectory()) {
                try (SecureDirectoryStream<Path> child = directory.newDirectoryStream(name, NOFOLLOW)) {
                    ownership.applyToOpenDirectory(child);
                    walk(child);
                }
            } else {
                ownership.apply(directory, name);
            }
        }
    }
}
