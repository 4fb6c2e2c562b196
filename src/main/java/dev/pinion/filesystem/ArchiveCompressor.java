package dev.pinion.filesystem;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * compress: streams the selected files of a directory into {@code archive-<time>.tar.gz} next to them
 * (spec files-backups-transfers.md §2.1, §2.2). Regular files only — no directory, symlink or device
 * entries, like Wings — read by descriptor without following links; denylisted files are skipped
 * (Pelican). The archive is built in an anonymous temporary file and linked into place only if it fits
 * the quota.
 */
final class ArchiveCompressor {
    static final String MIME = "application/tar+gzip";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final PathResolver resolver;
    private final DiskUsage usage;
    private final Ownership ownership;
    private final Clock clock;
    private final TarGzArchiveWriter archiveWriter;
    private final Supplier<Denylist> denylist;

    ArchiveCompressor(
            PathResolver resolver,
            DiskUsage usage,
            Ownership ownership,
            Clock clock,
            TarGzArchiveWriter archiveWriter,
            Supplier<Denylist> denylist) {
        this.resolver = resolver;
        this.usage = usage;
        this.ownership = ownership;
        this.clock = clock;
        this.archiveWriter = archiveWriter;
        this.denylist = denylist;
    }

    /** Wings' archive name: RFC 3339 local time at second precision with the colons removed. */
    String archiveName() {
        String time = clock.instant()
                .truncatedTo(ChronoUnit.SECONDS)
                .atZone(clock.getZone())
                .format(RFC3339);
        return "archive-" + time.replace(":", "") + ".tar.gz";
    }

    FileStat compress(SafePath base, List<SafePath> items) {
        if (!usage.hasSpace()) {
            throw new FilesystemException(ErrorKind.COMPRESS_NO_SPACE, base.toString(), "not enough disk space");
        }
        String name = archiveName();
        SafePath archive = base.child(name);
        try (NativeDirectory directory = resolver.openDirectory(base, false);
                TemporaryFile temporary = AtomicFileWriter.createTemporary(directory, 0644)) {
            // O_TMPFILE: the archive being built is not a name in the directory it is built from.
            archiveWriter.write(
                    Channels.newOutputStream(temporary.channel()),
                    base,
                    items,
                    path -> denylist.get().matches(path),
                    bytes -> {});
            long size = temporary.size();
            if (!usage.canFit(size)) {
                throw new FilesystemException(ErrorKind.NO_DISK, archive.toString(), "not enough disk space");
            }
            temporary.setMode(0644);
            temporary.setOwner(ownership);
            temporary.publish(directory, AtomicFileWriter.hiddenName(), name);
            usage.add(size);
            PosixFileAttributes attributes = PathResolver.lstat(directory, name);
            return FileStat.of(name, attributes, MIME);
        } catch (IOException e) {
            throw IoErrors.translate(e, archive);
        }
    }
}
