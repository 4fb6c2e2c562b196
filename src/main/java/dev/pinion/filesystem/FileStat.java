package dev.pinion.filesystem;

import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;

/**
 * One entry as Wings reports it in list-directory, compress and stat (spec files-backups-transfers.md
 * §1.6, panel-to-wings-api.md §5.2), taken from lstat so a symlink is described, never followed.
 * The JSON field values are the accessor methods: {@link #name()}, {@link #createdText(ZoneId)},
 * {@link #modifiedText(ZoneId)}, {@link #modeString()}, {@link #modeBits()}, {@link #size()},
 * {@link #directory()}, {@link #file()}, {@link #symlink()}, {@link #mime()}.
 *
 * <p>Deviations forced by the JDK's descriptor-relative API (decision): {@code created} is the birth
 * time when the kernel reports one (else mtime) rather than ctime, setuid/setgid/sticky bits are not
 * shown, and FIFOs, sockets and devices show the mode letter {@code ?}.
 */
public record FileStat(
        String name, Instant created, Instant modified, int permissions, long size, FileType type, String mime) {

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final PosixFilePermission[] ORDER = {
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
    };

    static FileStat of(String name, PosixFileAttributes attributes, String mime) {
        return new FileStat(
                name,
                attributes.creationTime().toInstant(),
                attributes.lastModifiedTime().toInstant(),
                permissionBits(attributes.permissions()),
                attributes.size(),
                FileType.of(attributes),
                mime);
    }

    /** True only for a real directory (a symlink to one is not). */
    public boolean directory() {
        return type == FileType.DIRECTORY;
    }

    /** Wings' {@code file}: everything that is not a directory, symlinks and pipes included. */
    public boolean file() {
        return !directory();
    }

    /** Reported truthfully (spec README decision), unlike stock Wings' always-false. */
    public boolean symlink() {
        return type == FileType.SYMLINK;
    }

    /** Go's {@code FileMode.String()}: type letters ({@code d}, {@code L}, {@code ?}) or '-', then rwxrwxrwx. */
    public String modeString() {
        StringBuilder out = new StringBuilder(10);
        switch (type) {
            case DIRECTORY -> out.append('d');
            case SYMLINK -> out.append('L');
            case OTHER -> out.append('?');
            case REGULAR -> out.append('-');
        }
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            out.append((permissions & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return out.toString();
    }

    /** Permission bits in octal without a leading zero: "644", "755", "0". */
    public String modeBits() {
        return Integer.toOctalString(permissions & 0777);
    }

    /** {@code created} as RFC 3339 at second precision in {@code zone} ("Z" for UTC). */
    public String createdText(ZoneId zone) {
        return rfc3339(created, zone);
    }

    /** {@code modified} as RFC 3339 at second precision in {@code zone}. */
    public String modifiedText(ZoneId zone) {
        return rfc3339(modified, zone);
    }

    /** A copy with another MIME (compress forces application/tar+gzip). */
    public FileStat withMime(String newMime) {
        return new FileStat(name, created, modified, permissions, size, type, newMime);
    }

    static String rfc3339(Instant instant, ZoneId zone) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), zone)
                .format(RFC3339);
    }

    static int permissionBits(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (int i = 0; i < 9; i++) {
            if (permissions.contains(ORDER[i])) {
                bits |= 1 << (8 - i);
            }
        }
        return bits;
    }

    static Set<PosixFilePermission> permissionSet(int bits) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < 9; i++) {
            if ((bits & (1 << (8 - i))) != 0) {
                set.add(ORDER[i]);
            }
        }
        return set;
    }
}
