package dev.pinion.server.configfiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Reads, creates and atomically replaces configuration files: never follows a symlink, never reads a
 * file above the size cap (CVE-2026-52857), and replaces content through a temporary file in the same
 * directory so a failure leaves the old file whole, keeping its owner and mode.
 */
final class ConfigFileStore {
    /** Wings' cap (parser.go maxConfigFileSize), also the spec README's decision. */
    static final long MAX_SIZE = 64L * 1024 * 1024;

    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> NEW_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private final long maxSize;

    ConfigFileStore(long maxSize) {
        this.maxSize = maxSize;
    }

    /** Creates an empty file (0644, parents 0755) when missing, as Wings opens with O_CREATE. */
    void createIfMissing(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path parent = file.getParent();
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(NEW_DIRECTORY));
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(NEW_FILE));
        // The umask may have narrowed the mode; Wings' files end up 0644.
        Files.setPosixFilePermissions(file, NEW_FILE);
    }

    /** The file's bytes, refusing anything but a regular file no larger than the cap. */
    byte[] read(Path file, String name) throws IOException, ConfigFileException {
        PosixFileAttributes attributes = attributes(file);
        if (!attributes.isRegularFile()) {
            throw new ConfigFileException("\"" + name + "\" is not a regular file");
        }
        if (attributes.size() > maxSize) {
            throw tooLarge(name, attributes.size());
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            // Bounded again while reading: the file may grow between the size check and the read.
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
            if (content.length > maxSize) {
                throw tooLarge(name, content.length);
            }
            return content;
        }
    }

    /** Replaces the file's content atomically, keeping its owner, group and permissions. */
    void replace(Path file, byte[] content) throws IOException {
        PosixFileAttributes before = attributes(file);
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".pinion-tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                out.write(content);
                out.flush();
                channel.force(true);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            UserPrincipal owner = before.owner();
            GroupPrincipal group = before.group();
            PosixFileAttributes created = view.readAttributes();
            if (!created.owner().equals(owner)) {
                view.setOwner(owner);
            }
            if (!created.group().equals(group)) {
                view.setGroup(group);
            }
            view.setPermissions(before.permissions());
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static PosixFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private ConfigFileException tooLarge(String name, long size) {
        String limit = maxSize % (1024 * 1024) == 0 ? maxSize / (1024 * 1024) + " MiB" : maxSize + " bytes";
        return new ConfigFileException("the file is " + size + " bytes, above the " + limit
                + " limit for configuration files, so it was not read or changed");
    }
}
