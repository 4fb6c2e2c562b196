package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * compress: streams the selected files of a directory into {@code archive-<time>.tar.gz} next to them
 * (spec files-backups-transfers.md §2.1, §2.2). Regular files only — no directory, symlink or device
 * entries, like Wings — read by descriptor without following links; denylisted files are skipped
 * (Pelican). The archive is built in a temporary file and renamed into place only if it fits the quota.
 */
final class ArchiveCompressor {
    static final String MIME = "application/tar+gzip";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final Set<java.nio.file.OpenOption> CREATE_NOFOLLOW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private final PathResolver resolver;
    private final DiskUsage usage;
    private final Ownership ownership;
    private final Clock clock;
    private final TarGzArchiveWriter archiveWriter;
    private final Supplier<Denylist> denylist;

    ArchiveCompressor(PathResolver resolver, DiskUsage usage, Ownership ownership, Clock clock,
                      TarGzArchiveWriter archiveWriter, Supplier<Denylist> denylist) {
        this.resolver = resolver;
        this.usage = usage;
        this.ownership = ownership;
        this.clock = clock;
        this.archiveWriter = archiveWriter;
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
        String name = archiveName();
        SafePath archive = base.child(name);
        try (SecureDirectoryStream<Path> directory = resolver.openDirectory(base, false)) {
            Path temporary = Path.of(".pinion-" + UUID.randomUUID() + ".tmp");
            boolean keep = false;
            try {
                long size;
                try (SeekableByteChannel channel = directory.newByteChannel(temporary, CREATE_NOFOLLOW,
                        PosixFilePermissions.asFileAttribute(FileStat.permissionSet(0644)))) {
                    archiveWriter.write(Channels.newOutputStream(channel), base, items,
                            path -> denylist.get().matches(path), bytes -> { });
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
}
