package dev.pinion.sftp;

import dev.pinion.activity.ActivityEvents;
import dev.pinion.activity.ActivitySink;
import dev.pinion.filesystem.ErrorKind;
import dev.pinion.filesystem.FileStat;
import dev.pinion.filesystem.FileUpload;
import dev.pinion.filesystem.FilesystemException;
import dev.pinion.filesystem.ModeChange;
import dev.pinion.filesystem.ReadableFile;
import dev.pinion.filesystem.RenameRequest;
import dev.pinion.filesystem.ServerFilesystem;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each SFTP request does for one authenticated connection (spec websocket-sftp-activity.md §2.7,
 * §2.8): the permission, read-only and suspension checks in Wings' order, the operation through the
 * server's confined {@link ServerFilesystem} (the same confinement, denylist, quota and ownership as the
 * HTTP file manager — never a native path), and the activity entry. Paths are already cleaned
 * ({@link SftpPaths}). Failures are {@link SftpStatus}.
 *
 * <p>Symlinks a game server made are followed for reading, listing and STAT only inside the root, as
 * Wings' {@code RESOLVE_BENEATH} does ({@link ServerFilesystem#followLinks}); writes, SETSTAT, RENAME and
 * REMOVE act on the link itself, never through it.
 *
 * <p>Decisions beyond Wings: symlink and hard-link creation are refused (a link is the first step of
 * every escape in the advisories), READLINK is answered for links that stay inside the root, the egg denylist applies to SFTP as in the fork, a write-open
 * uploads to a temporary file published atomically at CLOSE, and SETSTAT changes the mode only when the
 * client sent permissions (Wings resets a file to 0644 when a client only sets times).
 */
final class SftpOperations {
    private static final Logger LOG = LoggerFactory.getLogger(SftpOperations.class);

    private final ServerManager servers;
    private final SftpIdentity identity;
    private final boolean readOnly;
    private final ActivitySink activity;
    private final Clock clock;

    SftpOperations(ServerManager servers, SftpIdentity identity, boolean readOnly, ActivitySink activity, Clock clock) {
        this.servers = servers;
        this.identity = identity;
        this.readOnly = readOnly;
        this.activity = activity;
        this.clock = clock;
    }

    /** The server's filesystem; a server deleted meanwhile fails every request (Wings: 4). */
    ServerFilesystem filesystem() {
        return managed().filesystem();
    }

    /**
     * OPEN for reading: {@code file.read-content}. A symlink is followed inside the root (Wings); the
     * denylist applies to the name asked for and to the file reached.
     */
    ReadableFile openRead(String path) {
        require(SftpIdentity.READ_CONTENT);
        ServerFilesystem filesystem = filesystem();
        requireAllowed(filesystem, path);
        return call(() -> filesystem.open(filesystem.followLinks(path)));
    }

    /**
     * OPEN for writing (spec §2.7 "Order of checks"): read-only, quota, stat, permission
     * ({@code file.update} when it exists, else {@code file.create}), then the open; logged at open time.
     */
    FileUpload openWrite(String path, int mode, boolean exclusive) {
        requireWritable();
        ServerFilesystem filesystem = filesystem();
        if (!filesystem.diskUsage().withinLimit(true)) {
            throw SftpStatus.quotaExceeded();
        }
        boolean exists = exists(filesystem, path);
        require(exists ? SftpIdentity.UPDATE : SftpIdentity.CREATE);
        FileUpload upload = call(() -> filesystem.openUpload(path, mode, exclusive));
        record(exists ? ActivityEvents.SFTP_WRITE : ActivityEvents.SFTP_CREATE, path);
        return upload;
    }

    /**
     * OPENDIR / READDIR: {@code file.read}; a symlinked directory inside the root is listed (Wings), the
     * entries by lstat (links listed as links).
     */
    List<FileStat> list(String path) {
        require(SftpIdentity.READ);
        ServerFilesystem filesystem = filesystem();
        return call(() -> filesystem.listDirectory(filesystem.followLinks(path)));
    }

    /**
     * STAT / LSTAT / FSTAT: {@code file.read}; symlinks followed, as Wings (spec §2.6: its request server
     * has no real lstat), but only inside the root: a link leading out, an absolute link or a loop is a
     * failure that tells nothing about the outside. Only lstat is used, so a link to a FIFO is described
     * as a FIFO without blocking (Wings opens the file and can hang on one).
     */
    FileStat stat(String path) {
        require(SftpIdentity.READ);
        ServerFilesystem filesystem = filesystem();
        return call(() -> filesystem.stat(filesystem.followLinks(path)));
    }

    /**
     * READLINK: {@code file.read}; the in-root path the link points to (absolute, as the client sees the
     * tree). Beyond Wings (which answers OP_UNSUPPORTED): a link whose target is absolute or leaves the
     * root is a failure and its target text is never sent.
     */
    String readLink(String path) {
        require(SftpIdentity.READ);
        return call(() -> filesystem().readLink(path));
    }

    /** SETSTAT: {@code file.update}; only the mode, never through a symlink (GHSA-rhq6-9rgh-v45c). */
    void chmod(String path, int permissions) {
        requireWritable();
        require(SftpIdentity.UPDATE);
        ServerFilesystem filesystem = filesystem();
        FileStat stat = call(() -> filesystem.stat(path));
        requireAllowed(filesystem, path);
        int mode = permissions & 0777;
        if (mode == 0) {
            mode = stat.directory() ? 0755 : 0644;
        }
        String octal = Integer.toOctalString(mode);
        call(() -> {
            filesystem.chmod("/", List.of(new ModeChange(path, octal)));
            return null;
        });
    }

    /** RENAME / posix-rename: {@code file.update}; never overwrites (a link at the target included). */
    void rename(String from, String to) {
        requireWritable();
        require(SftpIdentity.UPDATE);
        if (from.equals("/") || to.equals("/")) {
            throw SftpStatus.failure();
        }
        ServerFilesystem filesystem = filesystem();
        if (!exists(filesystem, from)) {
            throw SftpStatus.noSuchFile();
        }
        if (exists(filesystem, to)) {
            throw SftpStatus.failure();
        }
        call(() -> {
            filesystem.rename("/", List.of(new RenameRequest(from, to)));
            return null;
        });
        activity.record(ActivityEvents.sftpRename(
                identity.server(), identity.user(), identity.ip(), from, to, clock.instant()));
    }

    /** MKDIR: {@code file.create}; missing parents created at 0755; fine when it exists. */
    void mkdir(String path) {
        requireWritable();
        require(SftpIdentity.CREATE);
        ServerFilesystem filesystem = filesystem();
        requireAllowed(filesystem, path);
        call(() -> {
            filesystem.createDirectory(path, "/");
            return null;
        });
        record(ActivityEvents.SFTP_CREATE_DIRECTORY, path);
    }

    /** REMOVE / RMDIR: {@code file.delete}; recursive, never through a link; a missing path is success. */
    void delete(String path) {
        requireWritable();
        require(SftpIdentity.DELETE);
        if (path.equals("/")) {
            throw SftpStatus.failure();
        }
        ServerFilesystem filesystem = filesystem();
        requireAllowed(filesystem, path);
        call(() -> {
            filesystem.delete("/", List.of(path));
            return null;
        });
        record(ActivityEvents.SFTP_DELETE, path);
    }

    /** SYMLINK and hard links: refused (decision; Wings creates symlinks). */
    void link() {
        requireWritable();
        throw SftpStatus.unsupported();
    }

    /** The identity this connection logged in as. */
    SftpIdentity identity() {
        return identity;
    }

    private ManagedServer managed() {
        return servers.get(identity.server()).orElseThrow(SftpStatus::failure);
    }

    private void requireWritable() {
        if (readOnly) {
            throw SftpStatus.unsupported();
        }
    }

    /** Wings' per-request check: a suspended (or deleted) server denies everything. */
    private void require(String permission) {
        ManagedServer managed = managed();
        if (managed.server().isSuspended() || !identity.can(permission)) {
            throw SftpStatus.permissionDenied();
        }
    }

    private static void requireAllowed(ServerFilesystem filesystem, String path) {
        if (filesystem.isDenied(path)) {
            throw SftpStatus.failure("file access prohibited: present in egg denylist");
        }
    }

    private static boolean exists(ServerFilesystem filesystem, String path) {
        if (path.equals("/")) {
            return true;
        }
        try {
            filesystem.stat(path);
            return true;
        } catch (FilesystemException e) {
            if (e.kind() == ErrorKind.NOT_EXIST || e.kind() == ErrorKind.DIRECTORY_NOT_FOUND) {
                return false;
            }
            throw translate(e, path);
        }
    }

    private void record(String event, String path) {
        activity.record(
                ActivityEvents.sftp(event, identity.server(), identity.user(), identity.ip(), path, clock.instant()));
    }

    private interface Action<T> {
        T run();
    }

    private static <T> T call(Action<T> action) {
        try {
            return action.run();
        } catch (FilesystemException e) {
            throw translate(e, e.getMessage());
        }
    }

    /** Filesystem failures as SFTP statuses (spec §2.7 table). */
    static SftpStatus translate(FilesystemException e, String context) {
        return switch (e.kind()) {
            case NOT_EXIST, DIRECTORY_NOT_FOUND -> SftpStatus.noSuchFile();
            case NO_DISK -> SftpStatus.quotaExceeded();
            case DENYLIST -> SftpStatus.failure("file access prohibited: present in egg denylist");
            case UNKNOWN -> {
                LOG.warn("sftp: filesystem error ({}): {}", context, e.getMessage());
                yield SftpStatus.failure();
            }
            default -> SftpStatus.failure();
        };
    }
}
