package dev.pinion.filesystem;

import java.util.ArrayList;
import java.util.List;

/**
 * A request path normalised lexically to components beneath the server root (spec
 * files-backups-transfers.md §1.1): a leading '/' means the root, '.' and '..' are resolved without
 * touching the disk, and anything that would climb above the root is refused before any syscall.
 * Backslash is an ordinary character; a NUL byte is refused up front.
 *
 * <p>This is only the lexical half of confinement; {@link PathResolver} does the symlink-safe half.
 */
public record SafePath(List<String> components) {

    /** The server root itself ("."). */
    public static final SafePath ROOT = new SafePath(List.of());

    public SafePath {
        components = List.copyOf(components);
    }

    /** Normalises a request path; throws {@link ErrorKind#BAD_PATH} if it leaves the root. */
    public static SafePath parse(String path) {
        if (path == null) {
            return ROOT;
        }
        if (path.indexOf('\0') >= 0) {
            throw new FilesystemException(ErrorKind.BAD_PATH, path, "NUL byte in path");
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        int length = path.length();
        while (start <= length) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            String part = path.substring(start, end);
            if (part.equals("..")) {
                if (out.isEmpty()) {
                    throw new FilesystemException(ErrorKind.BAD_PATH, path, "bad path resolution");
                }
                out.remove(out.size() - 1);
            } else if (!part.isEmpty() && !part.equals(".")) {
                out.add(part);
            }
            start = end + 1;
        }
        return new SafePath(out);
    }

    /** Wings' {@code join(root, child)} followed by normalisation (used by the batch endpoints). */
    public static SafePath join(String root, String child) {
        return parse((root == null ? "" : root) + "/" + (child == null ? "" : child));
    }

    /** This path with one more component appended (the component must be a plain name). */
    public SafePath child(String name) {
        List<String> next = new ArrayList<>(components);
        next.add(name);
        return new SafePath(next);
    }

    public boolean isRoot() {
        return components.isEmpty();
    }

    /** The final component; the root has none. */
    public String name() {
        return isRoot() ? "" : components.get(components.size() - 1);
    }

    /** The containing directory; the root's parent is the root. */
    public SafePath parent() {
        return isRoot() ? this : new SafePath(components.subList(0, components.size() - 1));
    }

    /** True when this path equals {@code other} or lies beneath it. */
    public boolean startsWith(SafePath other) {
        return components.size() >= other.components.size()
                && components.subList(0, other.components.size()).equals(other.components);
    }

    /** The path with a leading slash, as the denylist is tested ({@code /sub/file}). */
    public String slashPath() {
        return "/" + String.join("/", components);
    }

    /** Wings' relative form: "." for the root, else "a/b". */
    @Override
    public String toString() {
        return isRoot() ? "." : String.join("/", components);
    }
}
