package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Opens directories beneath the server root one component at a time, by descriptor, never following a
 * symlink out of the root — the Java stand-in for Wings' {@code openat2(RESOLVE_BENEATH)} (spec
 * files-backups-transfers.md §1.2; CVE-2024-27102).
 *
 * <p><b>TOCTOU strategy.</b> Every step is relative to the descriptor of the directory opened in the
 * previous step ({@link NativeDirectory}, i.e. {@code openat}/{@code statx}/{@code unlinkat}/
 * {@code renameat}), and every open uses {@code O_NOFOLLOW} and never blocks ({@code O_DIRECTORY|
 * O_NONBLOCK} for directories, {@code O_PATH} then a type check for files). A container process may swap any
 * name for a symlink at any moment, but it cannot change which directory a descriptor we already hold
 * refers to; a swap between our {@code lstat} and our {@code open} makes the open fail (ELOOP → bad
 * path) rather than follow the link. The final component is handed to callers as (directory
 * descriptor, name) so that their operation is also relative to the trusted descriptor.
 *
 * <p><b>Symlinks.</b> As with RESOLVE_BENEATH, an intermediate symlink is followed only when its target
 * is relative and stays beneath the root: the target is joined lexically onto the link's own logical
 * location ({@link SafePath} refuses escapes) and the walk restarts from the root descriptor with the new
 * components, so the target is itself walked with the same rules. Absolute targets are refused. The
 * last component of a directory path is never followed ("not a directory"), like Wings' O_NOFOLLOW on
 * the parent. The link text is read with {@code readlinkat} on the trusted parent; a swap there can only
 * change which in-root path we walk next, because the text is confined lexically and then walked by
 * descriptor. A name lstat'ed as a directory but swapped for a FIFO before the open fails the open
 * (ENOTDIR from O_DIRECTORY) instead of blocking.
 */
final class PathResolver {
    private static final int MAX_LINK_HOPS = 40;

    private final Path root;
    private final DirectoryCreator creator;

    PathResolver(Path root, DirectoryCreator creator) {
        this.root = root;
        this.creator = creator;
    }

    Path root() {
        return root;
    }

    /** A fresh descriptor on the root itself. The root path is the operator's, resolved at startup. */
    NativeDirectory openRoot() throws IOException {
        return NativeDirectory.open(root);
    }

    /**
     * Opens the directory at {@code directory}. Missing components are {@link ErrorKind#NOT_EXIST}, or are
     * created (0755, chowned) when {@code create} is set. A component that is a file, or a symlink as the
     * last component, is {@link ErrorKind#NOT_DIRECTORY}; an escaping link is {@link ErrorKind#BAD_PATH}.
     */
    NativeDirectory openDirectory(SafePath directory, boolean create) {
        return walk(directory, create).directory();
    }

    /**
     * Follows every symlink in {@code path}, the last component and its parent directory included, with
     * the same rules as intermediate links (relative targets joined lexically onto the link's real
     * location, absolute targets and escapes refused as {@link ErrorKind#BAD_PATH}, at most
     * {@value #MAX_LINK_HOPS} hops in all), and returns the in-root path of the entry reached: one with no
     * link in it, or the missing entry a dangling link names. Only lstat and readlinkat are used: nothing
     * is opened, so a FIFO at the end never blocks. The answer is advisory: whatever is done with it next
     * resolves it again, confined, with O_NOFOLLOW on the last component, so a swap in between can only
     * make that operation fail.
     */
    SafePath followLinks(SafePath path) {
        return follow(path, new int[] {MAX_LINK_HOPS}, path);
    }

    /**
     * The in-root path a symlink at {@code path} points to (links in its parent followed); a target that
     * is absolute or leaves the root is {@link ErrorKind#BAD_PATH} and its text is never returned. Not a
     * link: {@link ErrorKind#BAD_PATH} too; missing: {@link ErrorKind#NOT_EXIST}.
     */
    SafePath readLink(SafePath path) {
        if (path.isRoot()) {
            throw new FilesystemException(ErrorKind.BAD_PATH, ".", "not a symlink");
        }
        Walked parent = walk(follow(path.parent(), new int[] {MAX_LINK_HOPS}, path), false);
        try (NativeDirectory directory = parent.directory()) {
            PosixFileAttributes attributes = lstat(directory, path.name());
            if (attributes == null) {
                throw new FilesystemException(ErrorKind.NOT_EXIST, path.toString(), "file does not exist");
            }
            if (!attributes.isSymbolicLink()) {
                throw new FilesystemException(ErrorKind.BAD_PATH, path.toString(), "not a symlink");
            }
            return followLink(directory, parent.logical().components(), path.name(), path);
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    /** {@link #followLinks}, with one hop budget shared by the parents' resolutions (no blow-up). */
    private SafePath follow(SafePath path, int[] hopsLeft, SafePath requested) {
        SafePath current = path;
        while (!current.isRoot()) {
            Walked parent = walk(follow(current.parent(), hopsLeft, requested), false);
            try (NativeDirectory directory = parent.directory()) {
                PosixFileAttributes attributes = lstat(directory, current.name());
                if (attributes == null || !attributes.isSymbolicLink()) {
                    return parent.logical().child(current.name());
                }
                if (--hopsLeft[0] < 0) {
                    throw new FilesystemException(ErrorKind.BAD_PATH, requested.toString(), "too many links");
                }
                current = followLink(directory, parent.logical().components(), current.name(), requested);
            } catch (IOException e) {
                throw IoErrors.translate(e, requested);
            }
        }
        return current;
    }

    /** An opened directory and its real location beneath the root (every link on the way followed). */
    private record Walked(NativeDirectory directory, SafePath logical) {}

    private Walked walk(SafePath directory, boolean create) {
        Deque<String> pending = new ArrayDeque<>(directory.components());
        List<String> logical = new ArrayList<>();
        int hops = 0;
        NativeDirectory current = null;
        try {
            current = openRoot();
            while (!pending.isEmpty()) {
                String name = pending.pollFirst();
                boolean last = pending.isEmpty();
                PosixFileAttributes attributes = lstat(current, name);
                if (attributes == null) {
                    if (!create) {
                        throw new FilesystemException(ErrorKind.NOT_EXIST, directory.toString(), "file does not exist");
                    }
                    creator.create(current, name);
                    attributes = lstat(current, name);
                    if (attributes == null) {
                        throw new FilesystemException(
                                ErrorKind.NOT_EXIST, directory.toString(), "vanished after mkdir");
                    }
                }
                if (attributes.isSymbolicLink()) {
                    if (last) {
                        throw new FilesystemException(ErrorKind.NOT_DIRECTORY, directory.toString(), "not a directory");
                    }
                    if (++hops > MAX_LINK_HOPS) {
                        throw new FilesystemException(ErrorKind.BAD_PATH, directory.toString(), "too many links");
                    }
                    SafePath target = followLink(current, logical, name, directory);
                    List<String> restart = new ArrayList<>(target.components());
                    restart.addAll(pending);
                    pending = new ArrayDeque<>(restart);
                    logical.clear();
                    current.close();
                    current = null;
                    current = openRoot();
                    continue;
                }
                if (!attributes.isDirectory()) {
                    throw new FilesystemException(ErrorKind.NOT_DIRECTORY, directory.toString(), "not a directory");
                }
                NativeDirectory next = current.openDirectory(name);
                current.close();
                current = next;
                logical.add(name);
            }
            Walked result = new Walked(current, new SafePath(logical));
            current = null;
            return result;
        } catch (IOException e) {
            throw IoErrors.translate(e, directory);
        } finally {
            closeQuietly(current);
        }
    }

    /** Opens the parent of {@code path} and names its final component; the root itself has none. */
    Entry resolve(SafePath path, boolean createParents) {
        if (path.isRoot()) {
            throw new FilesystemException(ErrorKind.BAD_PATH, ".", "operation not permitted on the server root");
        }
        return new Entry(openDirectory(path.parent(), createParents), Path.of(path.name()), path);
    }

    /** lstat of {@code name} relative to {@code directory}; null when it does not exist. */
    static PosixFileAttributes lstat(NativeDirectory directory, String name) throws IOException {
        return lstat(directory, Path.of(name));
    }

    static PosixFileAttributes lstat(NativeDirectory directory, Path name) throws IOException {
        Posix.Stat stat = directory.lstat(name.toString());
        return stat == null ? null : new NativeAttributes(stat);
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing a read-only directory descriptor cannot lose data
        }
    }

    private SafePath followLink(NativeDirectory parent, List<String> logical, String name, SafePath requested)
            throws IOException {
        String target = parent.readLink(name);
        if (target.startsWith("/")) {
            throw new FilesystemException(ErrorKind.BAD_PATH, requested.toString(), "absolute symlink target");
        }
        try {
            return SafePath.parse(String.join("/", logical) + "/" + target);
        } catch (FilesystemException escape) {
            throw new FilesystemException(ErrorKind.BAD_PATH, requested.toString(), "symlink leaves the server root");
        }
    }

    /** An opened parent directory and the final name in it; close it when done. */
    record Entry(NativeDirectory directory, Path name, SafePath path) implements AutoCloseable {
        PosixFileAttributes lstat() throws IOException {
            return PathResolver.lstat(directory, name);
        }

        @Override
        public void close() {
            closeQuietly(directory);
        }
    }
}
