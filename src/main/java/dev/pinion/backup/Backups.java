package dev.pinion.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.filesystem.Denylist;
import dev.pinion.filesystem.ServerFilesystem;
import dev.pinion.panel.BackupStatusReport;
import dev.pinion.panel.BackupStatusReport.BackupPart;
import dev.pinion.panel.BackupUploadUrls;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.RetryClock;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating and deleting backups (spec files-backups-transfers.md §5.1–5.4, §5.6), and the entry to
 * restores ({@link BackupRestorer}). A backup is the server's gzip(tar) from
 * {@link ServerFilesystem#writeArchive} — the compress writer, so a Go node can restore it — with the
 * ignore rules, throttled by {@code write_limit}, its SHA-1 and size computed as the bytes go out. It runs
 * on the bounded backup executor; the Panel hears the result through {@link BackupReporter}, which never
 * gives up on a Panel that is away.
 *
 * <p>One backup or restore per server at a time: a second request while one runs is refused with a
 * conflict (the Panel rolls back the backup row it just created, so the user simply sees an error and
 * can retry) rather than queued behind an archive that may take hours.
 */
public final class Backups {
    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);
    private static final long MIB = 1024 * 1024;

    private final BackupDirectory directory;
    private final BackupReporter reporter;
    private final PanelClient panel;
    private final S3PartUploader uploader;
    private final BackupRestorer restorer;
    private final ExecutorService executor;
    private final Supplier<BackupSettings> settings;
    private final RetryClock clock;
    private final ObjectMapper mapper;
    private final Map<String, Operation> running = new ConcurrentHashMap<>();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong lastDurationMillis = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /** A backup or restore in progress on one server. */
    private record Operation(
            String backupUuid, BackupAdapter adapter, boolean restore, AtomicLong written, long total) {}

    public Backups(
            BackupDirectory directory,
            BackupReporter reporter,
            PanelClient panel,
            S3PartUploader uploader,
            BackupRestorer restorer,
            ExecutorService executor,
            Supplier<BackupSettings> settings,
            RetryClock clock,
            ObjectMapper mapper) {
        this.directory = directory;
        this.reporter = reporter;
        this.panel = panel;
        this.uploader = uploader;
        this.restorer = restorer;
        this.executor = executor;
        this.settings = settings;
        this.clock = clock;
        this.mapper = mapper;
    }

    /**
     * At start: creates the directory, removes archives a killed daemon left half-written and tells the
     * Panel they failed (so it unlocks them; nothing half-written was ever reported complete), and
     * resumes undelivered reports.
     */
    public void recover() throws IOException {
        directory.ensureExists();
        for (String uuid : directory.removeInterrupted()) {
            LOG.warn("backup {} was interrupted by a daemon stop; reporting it as failed", uuid);
            executor.execute(() -> reporter.report(uuid, BackupStatusReport.failure()));
        }
        reporter.resumePending();
    }

    /**
     * POST /api/servers/{server}/backup: validates, then archives in the background. Throws
     * {@link BackupException} (invalid id, conflict, queue full) before anything is written.
     */
    public void create(ManagedServer server, String backupUuid, BackupAdapter adapter, String ignore) {
        BackupIds.require(backupUuid);
        if (directory.exists(backupUuid)) {
            throw new BackupException(
                    BackupException.Kind.CONFLICT, "A backup with this id already exists on this node.");
        }
        long total = server.filesystem().diskUsage().cachedUsage();
        Operation operation = new Operation(backupUuid, adapter, false, new AtomicLong(), total);
        claim(server, operation);
        submit(server, () -> run(server, operation, ignore));
    }

    /** POST /api/servers/{server}/backup/{backup}/restore: checks synchronously, restores in the background. */
    public void restore(
            ManagedServer server, String backupUuid, BackupAdapter adapter, boolean truncate, String downloadUrl) {
        BackupIds.require(backupUuid);
        BackupRestorer.Source source = restorer.open(backupUuid, adapter, downloadUrl, settings.get());
        Operation operation = new Operation(backupUuid, adapter, true, new AtomicLong(), 0);
        try {
            claim(server, operation);
        } catch (BackupException e) {
            source.close();
            throw e;
        }
        if (!server.server().restoring().compareAndSet(false, true)) {
            running.remove(server.uuid(), operation);
            source.close();
            throw new BackupException(BackupException.Kind.CONFLICT, "This server is already being restored.");
        }
        // Recorded as failed until it ends, so a daemon killed in between still tells the Panel.
        reporter.restoreStarting(backupUuid);
        try {
            submit(server, () -> {
                try {
                    restorer.restore(server, backupUuid, source, truncate, settings.get());
                } finally {
                    server.server().restoring().set(false);
                    running.remove(server.uuid(), operation);
                }
            });
        } catch (BackupException e) {
            // Refused before it began: the Panel hears it from the answer to its request.
            reporter.restoreNotStarted(backupUuid);
            server.server().restoring().set(false);
            source.close();
            throw e;
        }
    }

    /** DELETE /api/servers/{server}/backup/{backup}: removes the local archive; not found when there is none. */
    public void delete(String backupUuid) {
        BackupIds.require(backupUuid);
        if (!directory.exists(backupUuid)) {
            throw BackupException.notFound();
        }
        try {
            directory.delete(backupUuid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete backup " + backupUuid, e);
        }
    }

    /** The backups running now, for metrics and operators. */
    public List<BackupProgress> progress() {
        List<BackupProgress> out = new ArrayList<>();
        running.forEach((server, op) -> {
            if (!op.restore()) {
                out.add(new BackupProgress(
                        server, op.backupUuid(), op.adapter(), op.written().get(), op.total()));
            }
        });
        return out;
    }

    /** Archive bytes written by every backup since start. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** How long the last finished backup took, in milliseconds. */
    public long lastDurationMillis() {
        return lastDurationMillis.get();
    }

    /** Backups that failed since start. */
    public long failures() {
        return failures.get();
    }

    private void claim(ManagedServer server, Operation operation) {
        Operation other = running.putIfAbsent(server.uuid(), operation);
        if (other != null) {
            throw new BackupException(
                    BackupException.Kind.CONFLICT,
                    other.restore()
                            ? "This server is currently being restored from a backup, please try again later."
                            : "Another backup of this server is in progress, please try again later.");
        }
    }

    private void submit(ManagedServer server, Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            running.remove(server.uuid());
            throw new BackupException(
                    BackupException.Kind.BUSY, "Too many backups are queued on this node, please try again later.");
        }
    }

    private void run(ManagedServer server, Operation operation, String ignore) {
        String uuid = operation.backupUuid();
        long started = clock.nanoTime();
        BackupStatusReport report;
        try {
            LOG.info(
                    "server {}: backup {} ({}) started",
                    server.uuid(),
                    uuid,
                    operation.adapter().wireName());
            Denylist rules = IgnoreRules.forBackup(server.filesystem(), ignore);
            LongConsumer progress = n -> operation.written().addAndGet(n);
            if (operation.adapter() == BackupAdapter.WINGS) {
                ArchiveResult result = writeLocal(server.filesystem(), uuid, rules, progress);
                report = BackupStatusReport.localSuccess(result.sha1(), result.size());
            } else {
                report = writeS3(server.filesystem(), uuid, rules, progress);
            }
            bytesWritten.addAndGet(report.size());
            LOG.info(
                    "server {}: backup {} written: {} bytes, sha1 {}",
                    server.uuid(),
                    uuid,
                    report.size(),
                    report.checksum());
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            // Whatever went wrong, the Panel must hear that this backup failed, or it stays locked forever.
            LOG.error("server {}: backup {} failed: {}", server.uuid(), uuid, describe(e));
            failures.incrementAndGet();
            report = BackupStatusReport.failure();
        } finally {
            running.remove(server.uuid(), operation);
            lastDurationMillis.set((clock.nanoTime() - started) / 1_000_000);
        }
        reporter.report(uuid, report);
        publishCompleted(server, uuid, report);
    }

    /** The local adapter: temporary name, fsync, rename; the partial file is removed on any failure. */
    private ArchiveResult writeLocal(ServerFilesystem fs, String uuid, Denylist rules, LongConsumer progress)
            throws IOException {
        Path temporary = directory.temporary(uuid);
        Files.deleteIfExists(temporary);
        boolean published = false;
        try {
            ArchiveResult result = archive(fs, directory.createSynced(temporary), rules, progress);
            directory.publish(temporary, uuid);
            published = true;
            return result;
        } finally {
            if (!published) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * The S3 adapter, streamed: the Panel is asked for enough parts for an upper bound of the archive
     * (the tree's tar size plus slack for growth and gzip's worst case), each part is uploaded as soon as
     * it is full, and only the parts used are reported — the Panel completes the multipart upload with
     * exactly the listed parts, so the unused presigned URLs are simply never used.
     */
    private BackupStatusReport writeS3(ServerFilesystem fs, String uuid, Denylist rules, LongConsumer progress)
            throws IOException {
        long bound = fs.archiveSizeBound();
        long ask = bound + bound / 8 + 64 * MIB;
        BackupUploadUrls urls = panel.getBackupRemoteUploadUrls(uuid, ask);
        if (urls.partSize() <= 0 || urls.parts().isEmpty()) {
            throw new IOException("the Panel sent no usable part URLs (part_size " + urls.partSize() + ")");
        }
        Path spool = directory.spool(uuid);
        Files.deleteIfExists(spool);
        S3PartStream parts = new S3PartStream(spool, urls.parts(), urls.partSize(), uploader);
        try {
            ArchiveResult result = archive(fs, parts, rules, progress);
            List<BackupPart> uploaded = parts.finish();
            return BackupStatusReport.s3Success(result.sha1(), result.size(), uploaded);
        } finally {
            parts.discard();
        }
    }

    private ArchiveResult archive(ServerFilesystem fs, OutputStream sink, Denylist rules, LongConsumer progress) {
        ByteRateLimiter limiter = new ByteRateLimiter(settings.get().writeLimitMiB(), clock);
        DigestingOutputStream digest = new DigestingOutputStream(limiter.wrap(sink));
        fs.writeArchive(digest, List.of(), rules, progress);
        return digest.result();
    }

    /** A failure and its causes in one line, for logs and the console. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            out.append(": ").append(cause);
        }
        return out.toString();
    }

    /**
     * {@code backup completed} for the console (spec §5.3): published as {@code backup completed:<uuid>};
     * the console sends it under both names (spec README). Keys sorted as Wings' map re-encoding sorts them.
     */
    private void publishCompleted(ManagedServer server, String uuid, BackupStatusReport report) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("checksum", report.checksum());
        data.put("checksum_type", "sha1");
        data.put("file_size", report.size());
        data.put("is_successful", report.successful());
        data.put("uuid", uuid);
        try {
            server.server()
                    .events()
                    .publish(ServerEvent.BACKUP_COMPLETED + ":" + uuid, mapper.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
