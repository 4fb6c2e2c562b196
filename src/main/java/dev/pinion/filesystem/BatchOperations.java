package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch endpoints: rename, delete, chmod. Entries run in order and the first error stops the batch
 * (Wings runs them concurrently and reports the first error; the observable result is the same).
 */
final class BatchOperations {
    private final PathResolver resolver;
    private final DiskUsage usage;
    private final TreeDeleter deleter;

    BatchOperations(PathResolver resolver, DiskUsage usage, TreeDeleter deleter) {
        this.resolver = resolver;
        this.usage = usage;
        this.deleter = deleter;
    }

    /**
     * rename one pair: the link itself moves, never its target; a missing source is skipped; an
     * existing destination fails; missing destination parents are created (spec §1.7 rename).
     */
    void rename(SafePath from, SafePath to) {
        if (from.equals(to)) {
            return;
        }
        if (from.isRoot() || to.isRoot()) {
            throw new FilesystemException(
                    ErrorKind.BAD_PATH, from.isRoot() ? "." : to.toString(), "cannot rename the server root");
        }
        PathResolver.Entry source;
        try {
            source = resolver.resolve(from, false);
        } catch (FilesystemException e) {
            if (e.kind() == ErrorKind.NOT_EXIST) {
                return;
            }
            throw e;
        }
        try (source) {
            if (source.lstat() == null) {
                return;
            }
            try (PathResolver.Entry target = resolver.resolve(to, true)) {
                if (target.lstat() != null) {
                    throw new FilesystemException(ErrorKind.DESTINATION_EXISTS, to.toString(), "destination exists");
                }
                source.directory().move(source.name(), target.directory(), target.name());
            }
        } catch (IOException e) {
            throw IoErrors.translate(e, from);
        }
    }

    /**
     * delete one path recursively without ever following a symlink; a missing path is success, a
     * path through a symlinked directory fails and deletes nothing (CVE-2023-25168).
     */
    void delete(SafePath path) {
        if (path.isRoot()) {
            throw new FilesystemException(ErrorKind.BAD_PATH, ".", "cannot delete the server root");
        }
        PathResolver.Entry entry = resolveIfPresent(path);
        if (entry == null) {
            return;
        }
        try (entry) {
            PosixFileAttributes attributes = entry.lstat();
            if (attributes == null) {
                return;
            }
            long freed = deleter.delete(entry.directory(), entry.name(), attributes);
            usage.add(-freed);
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    /** The entry at {@code path}, not following a final symlink; null when nothing is there. */
    private PathResolver.Entry resolveIfPresent(SafePath path) {
        try {
            return resolver.resolve(path, false);
        } catch (FilesystemException e) {
            if (e.kind() == ErrorKind.NOT_EXIST) {
                return null;
            }
            throw e;
        }
    }

    /** Deletes every entry of the root (the root itself stays), never following a symlink. */
    void deleteAll() {
        try (NativeDirectory root = resolver.openRoot()) {
            List<Path> names = new ArrayList<>();
            for (Path entry : root) {
                names.add(entry.getFileName());
            }
            for (Path name : names) {
                PosixFileAttributes attributes = PathResolver.lstat(root, name);
                if (attributes != null) {
                    deleter.delete(root, name, attributes);
                }
            }
        } catch (IOException e) {
            throw IoErrors.translate(e, ".");
        }
    }

    /**
     * chmod one path with the permission bits of {@code mode}; a symlink is skipped, never followed
     * (GHSA-rhq6-9rgh-v45c), and the change is made relative to the parent descriptor with
     * an O_PATH|O_NOFOLLOW descriptor so a link swapped in afterwards is not followed either. FIFOs,
     * sockets and devices are chmodded like Wings does: an O_PATH descriptor never opens them, so
     * nothing can block (issue #10 item 2).
     */
    void chmod(SafePath path, int mode) {
        var permissions = FileStat.permissionSet(mode & 0777);
        if (path.isRoot()) {
            try (NativeDirectory root = resolver.openRoot()) {
                root.getFileAttributeView(PosixFileAttributeView.class).setPermissions(permissions);
                return;
            } catch (IOException e) {
                throw IoErrors.translate(e, path);
            }
        }
        PathResolver.Entry entry = resolveIfPresent(path);
        if (entry == null) {
            return;
        }
        try (entry) {
            PosixFileAttributes attributes = entry.lstat();
            if (attributes == null || attributes.isSymbolicLink()) {
                return;
            }
            entry.directory()
                    .getFileAttributeView(entry.name(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(permissions);
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    /** Wings' mode parsing: an octal string of at most 32 bits ("644", "0755", "4755"). */
    static int parseMode(String mode) {
        if (mode == null || mode.isEmpty() || mode.length() > 11) {
            throw new FilesystemException(ErrorKind.INVALID_MODE, mode, "invalid file mode");
        }
        long value = 0;
        for (int i = 0; i < mode.length(); i++) {
            char c = mode.charAt(i);
            if (c < '0' || c > '7') {
                throw new FilesystemException(ErrorKind.INVALID_MODE, mode, "invalid file mode");
            }
            value = value * 8 + (c - '0');
        }
        if (value > 0xFFFFFFFFL) {
            throw new FilesystemException(ErrorKind.INVALID_MODE, mode, "invalid file mode");
        }
        return (int) value;
    }
}
