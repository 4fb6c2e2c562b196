package dev.pinion.filesystem;

import java.io.IOException;

/**
 * The disk-usage walk: the sum of regular files' apparent sizes under the root (directories, symlinks
 * and special files count 0, hard links once per link — Wings' rule, spec §1.4). It walks by directory
 * descriptor with NOFOLLOW ({@link TreeWalk}), so a symlink is never descended into, and allocates only
 * what the JDK's directory iteration and one stat per entry need.
 */
final class UsageWalker implements DiskUsage.Walk {
    private final TreeWalk walk;

    UsageWalker(TreeWalk walk) {
        this.walk = walk;
    }

    @Override
    public long measure() throws IOException {
        long[] total = {0};
        walk.walk(SafePath.ROOT, (directory, name, attributes, path) -> {
            if (attributes.isRegularFile()) {
                total[0] += attributes.size();
            }
        });
        return total[0];
    }
}
