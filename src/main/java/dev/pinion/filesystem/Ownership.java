package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * Who new files belong to: Wings' {@code system.user.uid/gid}, applied (lchown-style, never through a
 * symlink) only when the daemon runs as root — an unprivileged daemon cannot chown and must not fail
 * writes trying (spec files-backups-transfers.md §1.5).
 */
public final class Ownership {
    private final int uid;
    private final int gid;
    private final UserPrincipal user;
    private final GroupPrincipal group;

    private Ownership(int uid, int gid, UserPrincipal user, GroupPrincipal group) {
        this.uid = uid;
        this.gid = gid;
        this.user = user;
        this.group = group;
    }

    /** Never changes ownership. */
    public static Ownership none() {
        return new Ownership(-1, -1, null, null);
    }

    /** Chowns to uid:gid if this process is root, otherwise does nothing. */
    public static Ownership ifRoot(int uid, int gid) {
        return runningAsRoot() ? always(uid, gid) : none();
    }

    /** Chowns to uid:gid unconditionally (the caller knows it may). */
    public static Ownership always(int uid, int gid) {
        try {
            UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
            // The JDK falls back to parsing the name as a number when no such account exists, which
            // is how a bare uid that has no passwd entry (the usual container uid) is looked up.
            return new Ownership(uid, gid, lookup.lookupPrincipalByName(Integer.toString(uid)),
                    lookup.lookupPrincipalByGroupName(Integer.toString(gid)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resolve uid " + uid + " / gid " + gid, e);
        }
    }

    /** True when the process's effective uid is 0 (the owner of /proc/self). */
    public static boolean runningAsRoot() {
        try {
            Object owner = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return owner instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    public boolean enabled() {
        return user != null;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    /** Chowns {@code name} inside the trusted directory without following a symlink. */
    void apply(SecureDirectoryStream<Path> directory, Path name) throws IOException {
        if (!enabled()) {
            return;
        }
        PosixFileAttributeView view =
                directory.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(user);
        view.setGroup(group);
    }

    /** Chowns a directory we hold open, through its own descriptor (fchown). */
    void applyToOpenDirectory(SecureDirectoryStream<Path> directory) throws IOException {
        if (!enabled()) {
            return;
        }
        PosixFileAttributeView view = directory.getFileAttributeView(PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    /** Chowns a path in a daemon-only location (staging), where no container process can swap anything. */
    void applyTrusted(Path path) throws IOException {
        if (!enabled()) {
            return;
        }
        PosixFileAttributeView view =
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(user);
        view.setGroup(group);
    }
}
