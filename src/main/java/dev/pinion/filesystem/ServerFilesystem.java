package dev.pinion.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * One game server's confined filesystem: every file endpoint's operation, each confined to the server
 * root (spec files-backups-transfers.md §1, §2; panel-to-wings-api.md §5). Paths are Wings request paths:
 * relative to the root, leading '/' ignored, '..' resolved lexically and never above the root, and the
 * absolute root path accepted as an alias. Every failure is a {@link FilesystemException} whose
 * {@link ErrorKind} carries the Wings status and message. Thread-safe; knows nothing about HTTP.
 *
 * <p>The batch operations ({@link #rename}, {@link #delete}, {@link #chmod}, {@link #compress}) refuse an
 * empty list with Wings' 422 kinds ({@link ErrorKind#NO_FILES_TO_DELETE} ...) before touching anything.
 */
public final class ServerFilesystem {
    private final String rootPrefix;
    private final PathResolver resolver;
    private final DiskUsage usage;
    private final FileReads reads;
    private final FileWrites writes;
    private final BatchOperations batch;
    private final ArchiveCompressor compressor;
    private final ArchiveExtractor extractor;
    private final TarGzArchiveWriter archiveWriter;
    private final OwnershipWalker ownershipWalker;
    private final Ownership ownership;
    private final TreeWalk treeWalk;
    private volatile Denylist denylist;
    /** Tree-changing operations share it; {@link #exclusively} (pre-boot) takes it alone. */
    private final ReentrantReadWriteLock operations = new ReentrantReadWriteLock();

    /**
     * A filesystem whose archives are compressed on the calling thread (tests, tools).
     *
     * @param background runs the disk-usage walks (a virtual-thread executor in production)
     */
    public ServerFilesystem(FilesystemSettings settings, Denylist denylist, Clock clock, Executor background) {
        this(settings, denylist, clock, background, Runnable::run);
    }

    /**
     * @param background         runs the disk-usage walks (a virtual-thread executor in production)
     * @param compressionWorkers compresses archive gzip blocks in parallel (compress, backups, transfers): a
     *                           bounded pool of about one thread per core, shared by every server
     */
    public ServerFilesystem(
            FilesystemSettings settings,
            Denylist denylist,
            Clock clock,
            Executor background,
            Executor compressionWorkers) {
        this(settings, denylist, clock, background, compressionWorkers, unmanagedWriters(), GzipEngine.detect(), null);
    }

    /**
     * @param archiveWriters runs each archive's writer task, which writes its compressed blocks in order for
     *                       as long as the archive lasts: a managed pool of platform threads in production
     * @param gzip           the node's deflate implementation for archives, chosen once at start ({@link
     *                       GzipEngine#detect})
     */
    public ServerFilesystem(
            FilesystemSettings settings,
            Denylist denylist,
            Clock clock,
            Executor background,
            Executor compressionWorkers,
            Executor archiveWriters,
            GzipEngine gzip) {
        this(settings, denylist, clock, background, compressionWorkers, archiveWriters, gzip, null);
    }

    /** For tests: {@code archivePolicy} replaces the node's extraction budgets (null = the standard ones). */
    ServerFilesystem(
            FilesystemSettings settings,
            Denylist denylist,
            Clock clock,
            Executor background,
            Executor compressionWorkers,
            ArchiveLimits.Policy archivePolicy) {
        this(
                settings,
                denylist,
                clock,
                background,
                compressionWorkers,
                unmanagedWriters(),
                GzipEngine.detect(),
                archivePolicy);
    }

    /**
     * For tests and tools that run a filesystem without the daemon's lifecycle: a platform thread per
     * archive writer, ended with its archive (the daemon passes its managed pool instead).
     */
    private static Executor unmanagedWriters() {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon().name("gzip-writer").factory());
    }

    private ServerFilesystem(
            FilesystemSettings settings,
            Denylist denylist,
            Clock clock,
            Executor background,
            Executor compressionWorkers,
            Executor archiveWriters,
            GzipEngine gzip,
            ArchiveLimits.Policy archivePolicy) {
        Path root = prepareRoot(settings.root());
        this.rootPrefix = root.toString();
        this.denylist = denylist;
        DirectoryCreator creator = new DirectoryCreator(settings.staging(), settings.ownership());
        try {
            creator.cleanStaging();
        } catch (IOException e) {
            throw new FilesystemException(ErrorKind.UNKNOWN, settings.staging().toString(), "cannot clean staging", e);
        }
        this.resolver = new PathResolver(root, creator);
        this.treeWalk = new TreeWalk(resolver);
        this.usage = new DiskUsage(
                settings.diskLimitBytes(), settings.diskCheckInterval(), clock, background, new UsageWalker(treeWalk));
        AtomicFileWriter writer = new AtomicFileWriter(usage, settings.ownership());
        MimeSniffer sniffer = new MimeSniffer();
        this.reads = new FileReads(resolver, sniffer);
        this.writes = new FileWrites(resolver, usage, writer, creator, new CopyNamer(clock));
        this.batch = new BatchOperations(resolver, usage, new TreeDeleter());
        // Two blocks per core keep every worker busy while the writer waits for the oldest one.
        this.archiveWriter = new TarGzArchiveWriter(
                resolver,
                treeWalk,
                gzip,
                settings.compressionLevel(),
                compressionWorkers,
                archiveWriters,
                2 * Runtime.getRuntime().availableProcessors());
        this.compressor =
                new ArchiveCompressor(resolver, usage, settings.ownership(), clock, archiveWriter, () -> this.denylist);
        this.extractor = new ArchiveExtractor(
                resolver,
                usage,
                writer,
                () -> this.denylist,
                archivePolicy != null ? archivePolicy : ArchiveLimits.Policy.standard(root));
        this.ownershipWalker = new OwnershipWalker(treeWalk, settings.ownership());
        this.ownership = settings.ownership();
        usage.refreshInBackground();
    }

    /** The real path of the server root. */
    public Path root() {
        return resolver.root();
    }

    /** The quota: usage, limit, checks for upload and pull ({@link DiskUsage#requireFit}). */
    public DiskUsage diskUsage() {
        return usage;
    }

    /** Replaces the egg denylist after a server sync. */
    public void setDenylist(Denylist newDenylist) {
        this.denylist = newDenylist;
    }

    /** Normalises a request path (Wings' "safe path"); throws {@link ErrorKind#BAD_PATH} on escape. */
    public SafePath normalize(String requestPath) {
        String path = requestPath == null ? "" : requestPath;
        if (path.equals(rootPrefix) || path.startsWith(rootPrefix + "/")) {
            path = path.substring(rootPrefix.length());
        }
        return SafePath.parse(path);
    }

    /** True when the egg denylist covers the path (for upload and pull, which check before writing). */
    public boolean isDenied(String requestPath) {
        return denylist.matches(normalize(requestPath));
    }

    /** GET list-directory: entries by lstat, directories first then by name. */
    public List<FileStat> listDirectory(String directory) {
        return reads.list(normalize(directory));
    }

    /** The stat object of one path (lstat: a symlink is described, not followed). */
    public FileStat stat(String path) {
        return reads.stat(normalize(path));
    }

    /**
     * Where {@code path} leads once the symlinks it names are followed, as a request path ("/a/b"): for
     * clients that follow links (SFTP STAT, as Wings). Confined like every intermediate link: a relative
     * target inside the root only; absolute, escaping or looping links are {@link ErrorKind#BAD_PATH}.
     * Never opens anything (a FIFO at the end does not block); a dangling link gives the missing path.
     */
    public String followLinks(String path) {
        return "/" + String.join("/", resolver.followLinks(normalize(path)).components());
    }

    /** The in-root request path ("/a/b") a symlink points to; absolute or escaping targets are BAD_PATH. */
    public String readLink(String path) {
        return "/" + String.join("/", resolver.readLink(normalize(path)).components());
    }

    /**
     * GET contents and /download/file: opens a regular file. Denylisted → 403 (Wings' recommended
     * behaviour), symlink → bad path, directory → is-a-directory, FIFO/socket/device → "Cannot open files
     * of this type", all before any open that could block.
     */
    public ReadableFile open(String file) {
        SafePath path = normalize(file);
        requireAllowed(path);
        return reads.open(path);
    }

    /**
     * POST write, upload, pull: writes the body atomically (temp file + rename), quota checked against
     * {@code contentLength} up front (-1 = unknown) and on every chunk. A body shorter than
     * {@code contentLength} fails and leaves the old file intact. Returns the bytes written.
     */
    public long write(String file, InputStream body, long contentLength) {
        SafePath path = normalize(file);
        requireAllowed(path);
        return shared(() -> writes.write(path, body, contentLength));
    }

    /**
     * POST /upload/file: one multipart file written to {@code directory/fileName} exactly like
     * {@link #write} (the denylist is tested on the joined path, as Wings does).
     */
    public long upload(String directory, String fileName, InputStream body, long size) {
        return write(SafePath.join(stripRoot(directory), fileName).toString(), body, size);
    }

    /**
     * SFTP write-open: a {@link FileUpload} to {@code file} (random-offset writes, published atomically
     * on commit). Denylisted → 403 kind; {@code mode} &lt; 0 keeps an existing file's mode.
     */
    public FileUpload openUpload(String file, int mode, boolean exclusive) {
        SafePath path = normalize(file);
        requireAllowed(path);
        return FileUpload.open(resolver, usage, ownership, path, mode, exclusive);
    }

    /** Boot-time {@code check_permissions_on_boot}: chown everything to the server user (no-op when not root). */
    public void chownAll() {
        try {
            ownershipWalker.chownAll();
        } catch (IOException e) {
            throw IoErrors.translate(e, ".");
        }
    }

    /** PUT rename: each pair joined onto {@code root}; denylisted on either side → 403. */
    public void rename(String root, List<RenameRequest> files) {
        requireNotEmpty(files, ErrorKind.NO_FILES_TO_RENAME);
        for (RenameRequest pair : files) {
            SafePath from = SafePath.join(stripRoot(root), pair.from());
            SafePath to = SafePath.join(stripRoot(root), pair.to());
            requireAllowed(from);
            requireAllowed(to);
            shared(() -> {
                batch.rename(from, to);
                return null;
            });
        }
    }

    /** POST copy: copies a regular file under Wings' copy name; returns the new path relative to the root. */
    public String copy(String location) {
        SafePath path = normalize(location);
        requireAllowed(path);
        return shared(() -> writes.copy(path).toString());
    }

    /** POST create-directory: {@code mkdir -p path/name} at 0755, owned by the server user. */
    public void createDirectory(String name, String path) {
        shared(() -> {
            writes.createDirectory(SafePath.join(stripRoot(path), name));
            return null;
        });
    }

    /** POST delete: each {@code root/file} removed recursively, never through a symlink; missing is fine. */
    public void delete(String root, List<String> files) {
        requireNotEmpty(files, ErrorKind.NO_FILES_TO_DELETE);
        for (String file : files) {
            shared(() -> {
                batch.delete(SafePath.join(stripRoot(root), file));
                return null;
            });
        }
    }

    /**
     * POST chmod: every mode is validated first ({@link ErrorKind#INVALID_MODE}), then applied without
     * following symlinks; missing files and symlinks are skipped. Only the 0777 bits are applied
     * (decision: the JDK's descriptor-relative chmod cannot set setuid/setgid/sticky; they are dropped).
     */
    public void chmod(String root, List<ModeChange> files) {
        requireNotEmpty(files, ErrorKind.NO_FILES_TO_CHMOD);
        List<Integer> modes = new ArrayList<>();
        for (ModeChange change : files) {
            modes.add(BatchOperations.parseMode(change.mode()));
        }
        for (int i = 0; i < files.size(); i++) {
            SafePath target = SafePath.join(stripRoot(root), files.get(i).file());
            int mode = modes.get(i);
            shared(() -> {
                batch.chmod(target, mode);
                return null;
            });
        }
    }

    /** POST compress: {@code root/archive-<time>.tar.gz} of the listed files; returns its stat (mime forced). */
    public FileStat compress(String root, List<String> files) {
        requireNotEmpty(files, ErrorKind.NO_FILES_TO_COMPRESS);
        SafePath base = SafePath.parse(stripRoot(root));
        List<SafePath> items = new ArrayList<>();
        for (String file : files) {
            items.add(SafePath.join(base.toString(), file));
        }
        return shared(() -> compressor.compress(base, items));
    }

    /** POST decompress: extracts {@code root/file} into {@code root} (a bare .gz next to itself). */
    public void decompress(String root, String file) {
        SafePath base = SafePath.parse(stripRoot(root));
        shared(() -> {
            extractor.extract(base, SafePath.join(base.toString(), file));
            return null;
        });
    }

    /**
     * Streams the whole server (or the listed {@code files}, when non-empty) as Wings' gzip(tar) to
     * {@code out} — the archive backups and transfers send (spec §2.1). Files matching {@code ignore}
     * (backup ignore text; Wings applies it only when {@code files} is empty) are left out;
     * {@code progress} receives content bytes as they are written. Closes {@code out}.
     */
    public void writeArchive(OutputStream out, List<String> files, Denylist ignore, LongConsumer progress) {
        List<SafePath> items = new ArrayList<>();
        for (String file : files) {
            items.add(SafePath.join("/", file));
        }
        if (items.isEmpty()) {
            items.add(SafePath.ROOT);
        }
        Denylist exclude = files.isEmpty() ? ignore : Denylist.empty();
        try {
            archiveWriter.write(out, SafePath.ROOT, items, exclude::matches, progress);
        } catch (IOException e) {
            throw IoErrors.translate(e, ".");
        }
    }

    /**
     * An upper bound of the uncompressed tar {@link #writeArchive} would write now for the whole root:
     * every regular file's header and content rounded up to 512-byte records, plus the two end records
     * (a walk; S3 backups ask the Panel for enough parts for it). Files created or grown later are not
     * counted, so callers add their own slack.
     */
    public long archiveSizeBound() {
        long[] total = {1024};
        try {
            treeWalk.walk(SafePath.ROOT, (directory, name, attributes, path) -> {
                if (attributes.isRegularFile()) {
                    // a header, a possible PAX header for a long name, and the content padded to a record
                    total[0] += 1024 + ((attributes.size() + 511) / 512) * 512;
                }
            });
        } catch (IOException e) {
            throw IoErrors.translate(e, ".");
        }
        return total[0];
    }

    /**
     * The whole server as an outgoing transfer sends it (spec §6.2, §6.5): {@link #writeArchive}'s
     * gzip(tar) of every regular file, plus an entry for every directory so empty ones arrive too.
     * Closes {@code out}.
     */
    public void writeTransferArchive(OutputStream out, LongConsumer progress) {
        try {
            archiveWriter.write(out, SafePath.ROOT, List.of(SafePath.ROOT), path -> false, progress, true);
        } catch (IOException e) {
            throw IoErrors.translate(e, ".");
        }
    }

    /**
     * Backup restore and incoming transfer: extracts a gzip(tar) stream into the root with decompress'
     * confinement and quota rules (links never created, escaping names abort). {@code skipDenylisted}:
     * true for transfers, false for restores (spec §5.5, §6.3); {@code onEntry} gets each entry name
     * (restore publishes "(restoring): name").
     */
    public void extractArchive(InputStream gzipTar, boolean skipDenylisted, Consumer<String> onEntry) {
        shared(() -> {
            extractor.extractTarGz(gzipTar, SafePath.ROOT, skipDenylisted, onEntry);
            return null;
        });
    }

    /**
     * Deletes everything under the root (restore with {@code truncate_directory}, reinstall), never
     * following a symlink, and resets the cached usage to 0. The root itself stays.
     */
    public void truncate() {
        batch.deleteAll();
        usage.add(-usage.cachedUsage());
    }

    /**
     * Runs {@code work} while no other file operation that changes the tree (write, rename, delete, chmod,
     * copy, create-directory, compress, decompress, restore) can run: pre-boot rewrites egg config files
     * and chowns under it, so the file API cannot rename a directory under them (issue #10 item 1).
     * Waits for running operations to finish; re-entrant.
     */
    public <T> T exclusively(Supplier<T> work) {
        operations.writeLock().lock();
        try {
            return work.get();
        } finally {
            operations.writeLock().unlock();
        }
    }

    /**
     * Egg config files: creates {@code path} as an empty regular file (0644, owned by the server user;
     * missing parents 0755) if nothing is there, all by descriptor. Not subject to the denylist (Wings
     * rewrites config files whatever the egg denies to users). Returns true when it created the file.
     */
    public boolean createFileIfMissing(String path) {
        SafePath target = normalize(path);
        return shared(() -> writes.createIfMissing(target));
    }

    /**
     * Reads a regular file by descriptor (never a link, never a FIFO), at most {@code maxBytes + 1} bytes
     * — a result longer than {@code maxBytes} means the file is over the caller's cap. Not subject to the
     * denylist (egg config files).
     */
    public byte[] readFile(String path, long maxBytes) {
        SafePath target = normalize(path);
        try (ReadableFile file = reads.open(target);
                InputStream in = file.stream()) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw IoErrors.translate(e, target);
        }
    }

    /**
     * Replaces an existing regular file's content atomically (O_TMPFILE + rename), keeping its mode,
     * owner and group; the quota is adjusted by the size change. Not subject to the denylist.
     */
    public void replaceFile(String path, byte[] content) {
        SafePath target = normalize(path);
        shared(() -> {
            writes.replaceKeepingAttributes(target, content);
            return null;
        });
    }

    private <T> T shared(Supplier<T> operation) {
        operations.readLock().lock();
        try {
            return operation.get();
        } finally {
            operations.readLock().unlock();
        }
    }

    private static void requireNotEmpty(List<?> files, ErrorKind kind) {
        if (files == null || files.isEmpty()) {
            throw new FilesystemException(kind, "", "empty file list");
        }
    }

    private void requireAllowed(SafePath path) {
        if (denylist.matches(path)) {
            throw new FilesystemException(
                    ErrorKind.DENYLIST, path.toString(), "file access prohibited: on the denylist");
        }
    }

    private String stripRoot(String requestRoot) {
        String value = requestRoot == null ? "/" : requestRoot;
        if (value.equals(rootPrefix) || value.startsWith(rootPrefix + "/")) {
            return value.substring(rootPrefix.length());
        }
        return value;
    }

    private static Path prepareRoot(Path root) {
        try {
            if (!Files.exists(root)) {
                Files.createDirectories(
                        root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            }
            return root.toRealPath();
        } catch (IOException e) {
            throw new FilesystemException(ErrorKind.UNKNOWN, root.toString(), "cannot prepare server root", e);
        }
    }
}
