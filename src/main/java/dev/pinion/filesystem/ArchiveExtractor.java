package dev.pinion.filesystem;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.Enumeration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * decompress: extracts zip, tar (plain, gzip, bzip2, xz), 7z and single compressed files into a
 * directory of the server, streaming every entry (spec files-backups-transfers.md §2.3, §2.4).
 *
 * <p>Zip-slip and link protection: each entry name is joined onto the target directory and normalised
 * lexically ({@link SafePath}; an escaping name aborts the extraction with {@link ErrorKind#BAD_PATH}),
 * then written through the descriptor-relative resolver, so an existing in-root symlink in the path
 * cannot redirect it either. Symlink, hard-link and device entries are skipped — links are never
 * created (decision: Wings writes them as empty files; skipping is equally safe and less surprising).
 * Directory entries are created so empty directories survive (Pelican). Denylisted entries are skipped.
 * The quota is checked on the declared sizes first (when a limit is set) and again on every chunk, and
 * no entry is written past its declared size, so lying headers cannot bypass it. {@link ArchiveLimits}
 * bounds decoder memory, entry count and total expanded bytes (also when the server has no limit).
 */
final class ArchiveExtractor {
    private final PathResolver resolver;
    private final DiskUsage usage;
    private final AtomicFileWriter writer;
    private final Supplier<Denylist> denylist;
    private final ArchiveLimits.Policy policy;

    ArchiveExtractor(
            PathResolver resolver,
            DiskUsage usage,
            AtomicFileWriter writer,
            Supplier<Denylist> denylist,
            ArchiveLimits.Policy policy) {
        this.policy = policy;
        this.resolver = resolver;
        this.usage = usage;
        this.writer = writer;
        this.denylist = denylist;
    }

    void extract(SafePath target, SafePath archive) {
        ArchiveLimits limits = limits(archive);
        try (SeekableByteChannel channel = openArchive(archive)) {
            ArchiveFormat format = ArchiveFormat.detect(freshStream(channel), archive.toString());
            if (usage.limit() > 0) {
                usage.requireFit(declaredSize(format, channel), archive.toString());
            }
            switch (format) {
                case ZIP -> extractZip(channel, target, limits);
                case SEVEN_Z -> extractSevenZ(channel, target, limits);
                case GZIP, BZIP2, XZ -> extractSingle(format, channel, archive, limits);
                default -> extractTar(format, channel, target, limits);
            }
        } catch (IOException e) {
            ArchiveLimits.rethrowMemoryLimit(e, archive.toString());
            throw IoErrors.translate(e, archive);
        }
    }

    /** The expanded-bytes cap: the quota left, or (no limit) the space left on the volume's filesystem. */
    private ArchiveLimits limits(SafePath archive) {
        long max = usage.limit() > 0
                ? Math.max(0, usage.limit() - usage.cachedUsage())
                : policy.unlimitedBytes().getAsLong();
        return new ArchiveLimits(policy.maxEntries(), max, archive.toString());
    }

    private SeekableByteChannel openArchive(SafePath archive) throws IOException {
        if (archive.isRoot()) {
            throw new FilesystemException(ErrorKind.IS_DIR, ".", "is a directory");
        }
        try (PathResolver.Entry entry = resolver.resolve(archive, false)) {
            FileReads.requireReadable(entry.lstat(), archive);
            return entry.directory().openRegularForReading(entry.name());
        }
    }

    private static InputStream freshStream(SeekableByteChannel channel) throws IOException {
        channel.position(0);
        // Not closed by callers' decompressors closing it: the channel outlives every pass.
        InputStream raw = Channels.newInputStream(channel);
        return new BufferedInputStream(
                new FilterInputStream(raw) {
                    @Override
                    public void close() {
                        // keep the channel open for the next pass
                    }
                },
                64 * 1024);
    }

    private long declaredSize(ArchiveFormat format, SeekableByteChannel channel) throws IOException {
        long total = 0;
        switch (format) {
            case ZIP -> {
                try (ZipFile zip = openZip(channel)) {
                    for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
                        total = addSize(total, e.nextElement().getSize());
                    }
                }
            }
            case SEVEN_Z -> {
                try (SevenZFile sevenZ = openSevenZ(channel)) {
                    for (SevenZArchiveEntry entry : sevenZ.getEntries()) {
                        total = addSize(total, entry.getSize());
                    }
                }
            }
            // Wings counts a bare compressed file at its compressed size; chunks are checked anyway.
            case GZIP, BZIP2, XZ -> total = channel.size();
            default -> {
                try (TarArchiveInputStream tar = openTar(format, channel)) {
                    TarArchiveEntry entry;
                    while ((entry = tar.getNextEntry()) != null) {
                        if (entry.isFile()) {
                            total = addSize(total, entry.getSize());
                        }
                    }
                }
            }
        }
        return total;
    }

    private void extractTar(ArchiveFormat format, SeekableByteChannel channel, SafePath target, ArchiveLimits limits)
            throws IOException {
        try (TarArchiveInputStream tar = openTar(format, channel)) {
            extractTarEntries(tar, target, true, name -> {}, limits);
        }
    }

    /**
     * Backup restore and incoming transfers: extracts a gzip(tar) stream into {@code target} with the
     * same confinement and quota rules, reporting each entry name to {@code onEntry}. Transfers skip
     * denylisted files, restores do not (spec §5.5, §6.3). Never reads more than one entry ahead.
     */
    void extractTarGz(InputStream gzip, SafePath target, boolean skipDenylisted, Consumer<String> onEntry) {
        ArchiveLimits limits = limits(target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(ArchiveFormat.Compression.GZIP.open(gzip))) {
            extractTarEntries(tar, target, skipDenylisted, onEntry, limits);
        } catch (IOException e) {
            throw IoErrors.translate(e, target);
        }
    }

    private void extractTarEntries(
            TarArchiveInputStream tar,
            SafePath target,
            boolean skipDenylisted,
            Consumer<String> onEntry,
            ArchiveLimits limits)
            throws IOException {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            limits.countEntry();
            SafePath path = entryPath(target, entry.getName());
            if (entry.isDirectory()) {
                onEntry.accept(entry.getName());
                makeDirectory(path);
            } else if (entry.isFile() && !entry.isLink() && !entry.isSymbolicLink()) {
                onEntry.accept(entry.getName());
                writeEntry(
                        path,
                        limits.budgeted(tar),
                        entry.getSize(),
                        entry.getMode() & 0777,
                        entry.getModTime() == null ? null : entry.getModTime().toInstant(),
                        skipDenylisted);
            }
        }
    }

    private void extractZip(SeekableByteChannel channel, SafePath target, ArchiveLimits limits) throws IOException {
        try (ZipFile zip = openZip(channel)) {
            for (Enumeration<ZipArchiveEntry> e = zip.getEntriesInPhysicalOrder(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                limits.countEntry();
                SafePath path = entryPath(target, entry.getName());
                if (entry.isDirectory()) {
                    makeDirectory(path);
                    continue;
                }
                if (entry.isUnixSymlink()) {
                    continue;
                }
                int mode = entry.getUnixMode() & 0777;
                try (InputStream in = zip.getInputStream(entry)) {
                    writeEntry(
                            path,
                            limits.budgeted(in),
                            entry.getSize(),
                            mode == 0 ? FileWrites.NEW_FILE_MODE : mode,
                            entry.getLastModifiedTime() == null
                                    ? null
                                    : entry.getLastModifiedTime().toInstant());
                }
            }
        }
    }

    private void extractSevenZ(SeekableByteChannel channel, SafePath target, ArchiveLimits limits) throws IOException {
        try (SevenZFile sevenZ = openSevenZ(channel)) {
            SevenZArchiveEntry entry;
            while ((entry = sevenZ.getNextEntry()) != null) {
                limits.countEntry();
                SafePath path = entryPath(target, entry.getName());
                if (entry.isDirectory()) {
                    makeDirectory(path);
                    continue;
                }
                if (entry.isAntiItem()) {
                    continue;
                }
                Instant modified = entry.getHasLastModifiedDate()
                        ? entry.getLastModifiedTime().toInstant()
                        : null;
                InputStream in = entry.hasStream() ? sevenZ.getInputStream(entry) : InputStream.nullInputStream();
                writeEntry(path, limits.budgeted(in), entry.getSize(), FileWrites.NEW_FILE_MODE, modified);
            }
        }
    }

    private void extractSingle(
            ArchiveFormat format, SeekableByteChannel channel, SafePath archive, ArchiveLimits limits)
            throws IOException {
        SafePath output = archive.parent().child(format.compression().outputName(archive.name()));
        try (InputStream in = format.compression().open(freshStream(channel))) {
            writeEntry(output, limits.budgeted(in), -1, FileWrites.NEW_FILE_MODE, null);
        }
    }

    private void writeEntry(SafePath path, InputStream in, long declaredSize, int mode, Instant modified) {
        writeEntry(path, in, declaredSize, mode, modified, true);
    }

    private void writeEntry(
            SafePath path, InputStream in, long declaredSize, int mode, Instant modified, boolean skipDenylisted) {
        if (path.isRoot()) {
            throw new FilesystemException(ErrorKind.IS_DIR, ".", "is a directory");
        }
        if (skipDenylisted && denylist.get().matches(path)) {
            return;
        }
        try (NativeDirectory parent = resolver.openDirectory(path.parent(), true)) {
            PosixFileAttributes existing = PathResolver.lstat(parent, path.name());
            long oldSize = 0;
            if (existing != null) {
                if (existing.isDirectory()) {
                    throw new FilesystemException(ErrorKind.IS_DIR, path.toString(), "is a directory");
                }
                if (existing.isSymbolicLink()) {
                    // CVE-2023-25152: never write to or through a link, dangling or not.
                    throw new FilesystemException(ErrorKind.BAD_PATH, path.toString(), "bad path resolution: symlink");
                }
                oldSize = existing.isRegularFile() ? existing.size() : 0;
            }
            writer.write(
                    parent,
                    path.name(),
                    in,
                    oldSize,
                    new AtomicFileWriter.Request(declaredSize, false, mode, modified),
                    path);
        } catch (IOException e) {
            throw IoErrors.translate(e, path);
        }
    }

    private void makeDirectory(SafePath path) {
        if (!path.isRoot()) {
            PathResolver.closeQuietly(resolver.openDirectory(path, true));
        }
    }

    private static SafePath entryPath(SafePath target, String name) {
        // An absolute entry name stays inside ("/etc/x" lands at <target>/etc/x); ".." that escapes the
        // server root aborts the extraction with BAD_PATH (zip-slip, spec §7 item 1).
        return SafePath.join(target.toString(), name);
    }

    private TarArchiveInputStream openTar(ArchiveFormat format, SeekableByteChannel channel) throws IOException {
        InputStream in = freshStream(channel);
        if (format.compression() != null) {
            in = format.compression().open(in);
        }
        return new TarArchiveInputStream(in);
    }

    private static ZipFile openZip(SeekableByteChannel channel) throws IOException {
        channel.position(0);
        return ZipFile.builder()
                .setSeekableByteChannel(new UnclosableChannel(channel))
                .get();
    }

    private static SevenZFile openSevenZ(SeekableByteChannel channel) throws IOException {
        channel.position(0);
        return SevenZFile.builder()
                .setSeekableByteChannel(new UnclosableChannel(channel))
                .setMaxMemoryLimitKiB(ArchiveLimits.DECODER_MEMORY_KIB)
                .get();
    }

    private static long addSize(long total, long size) {
        if (size <= 0) {
            return total;
        }
        long sum = total + size;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
