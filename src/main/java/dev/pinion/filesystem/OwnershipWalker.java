package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

/**
 * Wings' boot-time {@code check_permissions_on_boot}: chowns the whole tree to the server user, by
 * descriptor and without following or descending into symlinks. Symlinks themselves are left alone (the
 * JDK can only chown a link's target, which may be outside the root), and so are FIFOs and devices (the
 * JDK opens a file to fchown it, and opening a FIFO blocks).
 */
final class OwnershipWalker {
    private final TreeWalk walk;
    private final Ownership ownership;

    OwnershipWalker(TreeWalk walk, Ownership ownership) {
        this.walk = walk;
        this.ownership = ownership;
    }

    void chownAll() throws IOException {
        if (!ownership.enabled()) {
            return;
        }
        walk.walk(SafePath.ROOT, new TreeWalk.Visitor() {
            @Override
            public void file(NativeDirectory directory, Path name, PosixFileAttributes attributes, List<String> path)
                    throws IOException {
                if (attributes.isRegularFile()) {
                    ownership.apply(directory, name);
                }
            }

            @Override
            public void directory(NativeDirectory directory, List<String> path) throws IOException {
                ownership.applyToOpenDirectory(directory);
            }
        });
    }
}
