package dev.pinion.filesystem;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/** {@link PosixFileAttributes} of one statx result, so callers keep the JDK's attribute vocabulary. */
record NativeAttributes(Posix.Stat stat) implements PosixFileAttributes {

    /** A numeric owner or group (no passwd lookup: container uids rarely have an entry). */
    record NumericPrincipal(int id) implements GroupPrincipal {
        @Override
        public String getName() {
            return Integer.toString(id);
        }
    }

    /** The inode identity (device, inode), as the JDK's fileKey. */
    record Key(long device, long inode) {}

    @Override
    public UserPrincipal owner() {
        return new NumericPrincipal(stat.uid());
    }

    @Override
    public GroupPrincipal group() {
        return new NumericPrincipal(stat.gid());
    }

    @Override
    public Set<PosixFilePermission> permissions() {
        return FileStat.permissionSet(stat.mode() & 0777);
    }

    @Override
    public FileTime lastModifiedTime() {
        return FileTime.from(stat.modified());
    }

    @Override
    public FileTime lastAccessTime() {
        return FileTime.from(stat.accessed());
    }

    @Override
    public FileTime creationTime() {
        return FileTime.from(stat.born());
    }

    @Override
    public boolean isRegularFile() {
        return stat.isRegularFile();
    }

    @Override
    public boolean isDirectory() {
        return stat.isDirectory();
    }

    @Override
    public boolean isSymbolicLink() {
        return stat.isSymbolicLink();
    }

    @Override
    public boolean isOther() {
        return !isRegularFile() && !isDirectory() && !isSymbolicLink();
    }

    @Override
    public long size() {
        return stat.size();
    }

    @Override
    public Object fileKey() {
        return new Key(stat.device(), stat.inode());
    }
}
