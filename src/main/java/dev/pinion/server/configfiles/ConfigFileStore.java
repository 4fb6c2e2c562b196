package dev.pinion.server.configfiles;

import dev.pinion.filesystem.ErrorKind;
import dev.pinion.filesystem.FilesystemException;
import dev.pinion.filesystem.SafePath;
import dev.pinion.filesystem.ServerFilesystem;

/**
 * Reads, creates and atomically replaces egg configuration files through the server's confined,
 * descriptor-based filesystem only (issue #10 item 1): every open is relative to a directory descriptor
 * with O_NOFOLLOW and never blocks, a file is read only if the opened descriptor is a regular file no
 * larger than the cap (CVE-2026-52857), and content is replaced through an anonymous O_TMPFILE file and
 * one rename, keeping owner and mode. A directory swapped for a symlink at any moment cannot redirect
 * any of it outside the volume.
 */
final class ConfigFileStore {
    /** Wings' cap (parser.go maxConfigFileSize), also the spec README's decision. */
    static final long MAX_SIZE = 64L * 1024 * 1024;
    /**
     * Node budget of a parsed configuration file beside the size cap (issue #10 item 9): a 64 MiB
     * file of tiny nodes would otherwise take gigabytes of heap as a tree. Real egg files hold a few
     * thousand nodes; a file above the budget is refused and left untouched.
     */
    static final long MAX_NODES = 1_000_000;

    private final ServerFilesystem filesystem;
    private final long maxSize;

    ConfigFileStore(ServerFilesystem filesystem, long maxSize) {
        this.filesystem = filesystem;
        this.maxSize = maxSize;
    }

    /** Refuses a path that leaves the root lexically or names the root itself, before touching the disk. */
    String check(String serverPath) throws ConfigFileException {
        if (serverPath.indexOf('\0') >= 0) {
            throw new ConfigFileException("the path contains a NUL byte");
        }
        SafePath path;
        try {
            path = SafePath.parse(serverPath);
        } catch (FilesystemException e) {
            throw new ConfigFileException("the path is outside the server's root");
        }
        if (path.isRoot()) {
            throw new ConfigFileException("the path names the server's root directory, not a file");
        }
        return path.toString();
    }

    /** Creates an empty file (0644, parents 0755) when missing, as Wings opens with O_CREATE. */
    void createIfMissing(String path) throws ConfigFileException {
        try {
            filesystem.createFileIfMissing(path);
        } catch (FilesystemException e) {
            throw describe(e);
        }
    }

    /** The file's bytes, refusing anything but a regular file no larger than the cap. */
    byte[] read(String path, String name) throws ConfigFileException {
        byte[] content;
        try {
            content = filesystem.readFile(path, maxSize);
        } catch (FilesystemException e) {
            throw describe(e);
        }
        if (content.length > maxSize) {
            throw tooLarge(name, content.length);
        }
        return content;
    }

    /** Replaces the file's content atomically, keeping its owner, group and permissions. */
    void replace(String path, byte[] content) throws ConfigFileException {
        try {
            filesystem.replaceFile(path, content);
        } catch (FilesystemException e) {
            throw describe(e);
        }
    }

    /** The reason in words, never a host path (console messages reach users). */
    private static ConfigFileException describe(FilesystemException e) {
        ErrorKind kind = e.kind();
        String reason = switch (kind) {
            case BAD_PATH -> "the path goes through a symbolic link or leaves the server's root";
            case NOT_DIRECTORY -> "part of the path is not a directory (or is a symbolic link)";
            case IS_DIR, NOT_REGULAR_FILE, WRITE_CONFLICTS_WITH_DIRECTORY -> "it is not a regular file";
            case NOT_EXIST -> "the file does not exist";
            case NO_DISK -> "there is not enough disk space";
            default -> kind.message();
        };
        return new ConfigFileException(reason);
    }

    private ConfigFileException tooLarge(String name, long size) {
        String limit = maxSize % (1024 * 1024) == 0 ? maxSize / (1024 * 1024) + " MiB" : maxSize + " bytes";
        return new ConfigFileException("the file is " + size + " bytes, above the " + limit
                + " limit for configuration files, so it was not read or changed");
    }
}
