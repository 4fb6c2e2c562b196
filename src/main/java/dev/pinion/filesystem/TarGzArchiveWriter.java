package dev.pinion.filesystem;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Streams regular files beneath a server directory as Wings' gzip(tar) (spec files-backups-transfers.md
 * §2.1), shared by compress, backups and transfers: no directory, symlink or device entries; entry names
 * relative to the base; uid/gid 0 with empty names; mtime at second precision; record size 512 so the
 * tar ends in exactly two zero records; gzip compressed on the compression workers by the node's {@link
 * GzipEngine} ({@link ParallelGzipOutputStream}: one member, or one per block with libdeflate) with the tar framing of {@link TarFraming}. Files are read by descriptor
 * without following links, straight into the gzip blocks; nothing is held in memory beyond those.
 */
final class TarGzArchiveWriter {
    private final PathResolver resolver;
    private final TreeWalk treeWalk;
    private final GzipEngine gzip;
    private final int compressionLevel;
    private final Executor compressionWorkers;
    private final Executor archiveWriters;
    private final int blocksInFlight;

    /**
     * @param compressionWorkers compresses gzip blocks in parallel ({@link ParallelGzipOutputStream})
     * @param archiveWriters     runs each archive's writer task (its blocks, in order, to the target)
     * @param blocksInFlight     blocks buffered per archive (its memory bound: about 2 × this × 128 KiB)
     */
    TarGzArchiveWriter(
            PathResolver resolver,
            TreeWalk treeWalk,
            GzipEngine gzip,
            int compressionLevel,
            Executor compressionWorkers,
            Executor archiveWriters,
            int blocksInFlight) {
        this.resolver = resolver;
        this.treeWalk = treeWalk;
        this.gzip = gzip;
        this.compressionLevel = compressionLevel;
        this.compressionWorkers = compressionWorkers;
        this.archiveWriters = archiveWriters;
        this.blocksInFlight = blocksInFlight;
    }

    /**
     * Writes the archive of {@code items} (each beneath {@code base}; {@code base} itself means all of it)
     * to {@code out}, skipping files {@code excluded} rejects, reporting content bytes to {@code progress}.
     * Closes the gzip layer (and so {@code out}) at the end.
     */
    void write(
            OutputStream out, SafePath base, List<SafePath> items, Predicate<SafePath> excluded, LongConsumer progress)
            throws IOException {
        write(out, base, items, excluded, progress, false);
    }

    /**
     * As above; with {@code directories}, every directory beneath {@code base} also gets an entry, so
     * empty ones survive (transfers only: spec §8 decision 6; Go destinations ignore them).
     */
    void write(
            OutputStream out,
            SafePath base,
            List<SafePath> items,
            Predicate<SafePath> excluded,
            LongConsumer progress,
            boolean directories)
            throws IOException {
        Walk walk = new Walk(excluded, progress, directories);
        TarFraming tar = new TarFraming(new ParallelGzipOutputStream(
                out,
                gzip,
                compressionLevel,
                compressionWorkers,
                archiveWriters,
                ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE,
                blocksInFlight));
        try {
            for (SafePath item : withoutNested(items, base)) {
                walk.addItem(tar, base, item);
            }
        } catch (IOException | RuntimeException | Error e) {
            // Never the end markers of a complete archive after a failure: a reader must see it truncated.
            tar.abort(e instanceof IOException io ? io : new IOException(e));
            throw e;
        }
        tar.finish();
    }

    /** Our own in-progress temporary files (this archive included) are never archived. */
    static boolean isTemporary(String name) {
        return name.startsWith(".pinion-") && name.endsWith(".tmp");
    }

    /** One archive's walk: the exclusion rule and the progress sink. */
    private final class Walk implements TreeWalk.Visitor {
        private final Predicate<SafePath> excluded;
        private final LongConsumer progress;
        private final boolean directories;
        private TarFraming tar;
        private int baseDepth;

        Walk(Predicate<SafePath> excluded, LongConsumer progress, boolean directories) {
            this.excluded = excluded;
            this.progress = progress;
            this.directories = directories;
        }

        @Override
        public void directory(NativeDirectory directory, List<String> path) throws IOException {
            if (!directories || path.size() <= baseDepth) {
                return;
            }
            PosixFileAttributes attributes =
                    directory.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
            TarArchiveEntry header = new TarArchiveEntry(String.join("/", path.subList(baseDepth, path.size())) + "/");
            describe(header, 040000 | FileStat.permissionBits(attributes.permissions()), attributes);
            tar.header(header);
        }

        void addItem(TarFraming out, SafePath base, SafePath item) throws IOException {
            this.tar = out;
            this.baseDepth = base.components().size();
            if (item.equals(base)) {
                treeWalk.walk(base, this);
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
            PosixFileAttributes attributes;
            try (entry) {
                attributes = entry.lstat();
                if (attributes != null && !attributes.isDirectory()) {
                    file(entry.directory(), entry.name(), attributes, item.components());
                    return;
                }
            }
            if (attributes != null) {
                treeWalk.walk(item, this);
            }
        }

        @Override
        public void file(NativeDirectory directory, Path name, PosixFileAttributes attributes, List<String> path)
                throws IOException {
            if (!attributes.isRegularFile() || isTemporary(name.toString()) || excluded.test(new SafePath(path))) {
                return;
            }
            addFile(directory, name, attributes, String.join("/", path.subList(baseDepth, path.size())));
        }

        private void addFile(NativeDirectory directory, Path name, PosixFileAttributes attributes, String relative)
                throws IOException {
            TarArchiveEntry header = new TarArchiveEntry(relative, true);
            header.setSize(attributes.size());
            describe(header, FileStat.permissionBits(attributes.permissions()), attributes);
            SeekableByteChannel channel;
            try {
                channel = directory.openRegularForReading(name.toString());
            } catch (NoSuchFileException | NativeDirectory.NotRegularFileException swapped) {
                // Removed or swapped for a FIFO/device since the walk's lstat: skipped, never opened.
                return;
            }
            try (channel) {
                tar.header(header);
                // At most the lstat size: a file that grew during the walk is cut there.
                long copied = tar.content(channel, attributes.size(), progress);
                if (copied < attributes.size()) {
                    // Like Go's tar writer ("missed writing N bytes"): a file that shrank fails the archive.
                    throw new IOException(relative + " shrank while being archived");
                }
            }
        }
    }

    /** Wings' header fields: the mode, mtime at second precision, uid/gid 0 with empty names (spec §2.1). */
    private static void describe(TarArchiveEntry header, int mode, PosixFileAttributes attributes) {
        header.setMode(mode);
        header.setModTime(new Date(attributes
                .lastModifiedTime()
                .toInstant()
                .truncatedTo(ChronoUnit.SECONDS)
                .toEpochMilli()));
        header.setUserId(0);
        header.setGroupId(0);
        header.setUserName("");
        header.setGroupName("");
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
}
