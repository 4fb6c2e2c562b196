package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who new files belong to: Wings' {@code system.user.uid/gid}, applied (lchown-style, never through a
 * symlink) only when the daemon runs as root — an unprivileged daemon cannot chown and must not fail
 * writes trying (spec files-backups-transfers.md §1.5).
 */
public final class Ownership {
    private final int uid;
    private final int gid;
    private final boolean enabled;

    private Ownership(int uid, int gid, boolean enabled) {
        this.uid = uid;
        this.gid = gid;
        this.enabled = enabled;
    }

    /** Never changes ownership. */
    public static Ownership none() {
        return new Ownership(-1, -1, false);
    }

    /** Chowns to uid:gid if this process is root, otherwise does nothing. */
    public static Ownership ifRoot(int uid, int gid) {
        return runningAsRoot() ? always(uid, gid) : none();
    }

    /** Chowns to uid:gid unconditionally (the caller knows it may). Numeric ids: no passwd entry needed. */
    public static Ownership always(int uid, int gid) {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("cannot chown to uid " + uid + " / gid " + gid);
        }
        return new Ownership(uid, gid, true);
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
        return enabled;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    /** Chowns {@code name} inside the trusted directory itself (an O_PATH descriptor: never a link's target). */
    void apply(NativeDirectory directory, Path name) throws IOException {
        if (enabled) {
            directory.chown(name.toString(), uid, gid);
        }
    }

    /** Chowns a directory we hold open, through its own descriptor (fchown). */
    void applyToOpenDirectory(NativeDirectory directory) throws IOException {
        if (enabled) {
            directory.chownSelf(uid, gid);
        }
    }
}
