package dev.pinion.filesystem;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * compress: streams the selected files of a directory into {@code archive-<time>.tar.gz} next to them
 * (spec files-backups-transfers.md §2.1, §2.2). Regular files only — no directory, symlink or device
 * entries, like Wings — read by descriptor without following links; denylisted files are skipped
 * (Pelican). The archive is built in a temporary file and renamed into place only if it fits the quota.
 */
final class ArchiveCompressor {
    static final String MIME = "application/tar+gzip";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Set<java.nio.file.OpenOption> READ_NOFOLLOW =
            Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<java.nio.file.OpenOption> CREATE_NOFOLLOW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private final PathResolver resolver;
    private final DiskUsage usage;
    private final Ownership ownership;
    private final Clock clock;
    private final int compressionLevel;
    private final Supplier<Denylist> denylist;

    ArchiveCompressor(PathResolver resolver, DiskUsage usage, Ownership ownership, Clock clock, int compressionLevel,
                      Supplier<Denylist> denylist) {
        this.resolver = resolver;
        this.usage = usage;
        this.ownership = ownership;
        this.clock = clock;
        this.compressionLevel = compressionLevel;
        this.denylist = denylist;
    }

    /** Wings' archive name: RFC 3339 local time at second precision with the colons removed. */
    String archiveName() {
        String time = clock.instant().truncatedTo(ChronoUnit.SECONDS).atZone(clock.getZone()).format(RFC3339);
        return "archive-" + time.replace(":", "") + ".tar.gz";
    }

    FileStat compress(SafePath base, List<SafePath> items) {
        if (!usage.hasSpace()) {
            throw new FilesystemException(ErrorKind.COMPRESS_NO_SPACE, base.toString(), "not enough disk space");
        }
        List<SafePath> selected = withoutNested(items, base);
        String name = archiveName();
        SafePath archive = base.child(name);
        try (SecureDirectoryStream<Path> directory = resolver.openDirectory(base, false)) {
            Path temporary = Path.of(".pinion-" + UUID.randomUUID() + ".tmp");
            boolean keep = false;
            try {
                long size;
                try (SeekableByteChannel channel = directory.newByteChannel(temporary, CREATE_NOFOLLOW,
                        PosixFilePermissions.asFileAttribute(FileStat.permissionSet(0644)))) {
                    try (TarArchiveOutputStream tar = open(Channels.newOutputStream(channel))) {
                        for (SafePath item : selected) {
                            addItem(tar, base, item);
                        }
                        tar.finish();
                    }
                }
                // Closing the tar stream closed the channel; the size comes from the descriptor-relative stat.
                size = PathResolver.lstat(directory, temporary).size();
                if (!usage.canFit(size)) {
                    throw new FilesystemException(ErrorKind.NO_DISK, archive.toString(), "not enough disk space");
                }
                ownership.apply(directory, temporary);
                directory.move(temporary, directory, Path.of(name));
                keep = true;
                usage.add(size);
                PosixFileAttributes attributes = PathResolver.lstat(directory, name);
                return FileStat.of(name, attributes, MIME);
            } finally {
                if (!keep) {
                    try {
                        directory.deleteFile(temporary);
                    } catch (IOException ignored) {
                        // the temporary file may never have been created
                    }
                }
            }
        } catch (IOException e) {
            throw IoErrors.translate(e, archive);
        }
    }

    private TarArchiveOutputStream open(OutputStream out) throws IOException {
        GzipParameters parameters = new GzipParameters();
        parameters.setCompressionLevel(compressionLevel);
        GzipCompressorOutputStream gzip =
                new GzipCompressorOutputStream(new BufferedOutputStream(out, 64 * 1024), parameters);
        // Record size 512: no padding after the two zero records (interop with Go nodes, spec §2.1).
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, 512);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    private void addItem(TarArchiveOutputStream tar, SafePath base, SafePath item) throws IOException {
        if (item.equals(base)) {
            try (SecureDirectoryStream<Path> directory = resolver.openDirectory(base, false)) {
                addChildren(tar, directory, base, "");
            }
            return;
        }
        PathResolver.Entry entry;
        try {
            entry = resolver.resolve(item, false);
        } catch (FilesystemException e) {
            if (e.kind() == ErrorKind.NOT_EXIST) {
                return;
            }
            throw e;
        }
        try (entry) {
            String relative = String.join("/", item.components().subList(base.components().size(),
                    item.components().size()));
            add(tar, entry.directory(), entry.name(), item, relative);
        }
    }

    private void add(TarArchiveOutputStream tar, SecureDirectoryStream<Path> directory, Path name, SafePath path,
                     String relative) throws IOException {
        PosixFileAttributes attributes = PathResolver.lstat(directory, name);
        if (attributes == null || attributes.isSymbolicLink()) {
            return;
        }
        if (attributes.isDirectory()) {
            try (SecureDirectoryStream<Path> child = directory.newDirectoryStream(name, NOFOLLOW)) {
                addChildren(tar, child, path, relative + "/");
            }
        } else if (attributes.isRegularFile() && !denylist.get().matches(path)) {
            addFile(tar, directory, name, attributes, relative);
        }
    }

    private void addChildren(TarArchiveOutputStream tar, SecureDirectoryStream<Path> directory, SafePath path,
                             String prefix) throws IOException {
        for (Path entry : directory) {
            Path child = entry.getFileName();
            if (isTemporary(child.toString())) {
                continue;
            }
            add(tar, directory, child, path.child(child.toString()), prefix + child);
        }
    }

    private static void addFile(TarArchiveOutputStream tar, SecureDirectoryStream<Path> directory, Path name,
                                PosixFileAttributes attributes, String relative) throws IOException {
        TarArchiveEntry header = new TarArchiveEntry(relative, true);
        header.setSize(attributes.size());
        header.setMode(FileStat.permissionBits(attributes.permissions()));
        header.setModTime(new Date(attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS)
                .toEpochMilli()));
        header.setUserId(0);
        header.setGroupId(0);
        header.setUserName("");
        header.setGroupName("");
        try (SeekableByteChannel channel = directory.newByteChannel(name, READ_NOFOLLOW);
             InputStream in = Channels.newInputStream(channel)) {
            tar.putArchiveEntry(header);
            long copied = in.transferTo(new BoundedOutput(tar, attributes.size()));
            if (copied < attributes.size()) {
                // Like Go's tar writer ("missed writing N bytes"): a file that shrank fails the archive.
                throw new IOException(relative + " shrank while being archived");
            }
            tar.closeArchiveEntry();
        }
    }

    /** Our own in-progress temporary files (this archive included) are never archived. */
    static boolean isTemporary(String name) {
        return name.startsWith(".pinion-") && name.endsWith(".tmp");
    }

    /** Keeps only items beneath {@code base}, dropping ones inside another selected item (each file once). */
    private static List<SafePath> withoutNested(List<SafePath> items, SafePath base) {
        List<SafePath> kept = new ArrayList<>();
        for (SafePath item : items) {
            if (!item.startsWith(base)) {
                continue;
            }
            boolean nested = false;
            for (SafePath other : items) {
                if (!other.equals(item) && other.startsWith(base) && item.startsWith(other)) {
                    nested = true;
                    break;
                }
            }
            if (!nested && !kept.contains(item)) {
                kept.add(item);
            }
        }
        return kept;
    }

    /** Passes at most {@code limit} bytes: a file that grew during the walk is cut at its lstat size. */
    private static final class BoundedOutput extends OutputStream {
        private final OutputStream out;
        private long left;

        BoundedOutput(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (left > 0) {
                out.write(b);
                left--;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            if (n > 0) {
                out.write(b, off, n);
                left -= n;
            }
        }
    }
}
