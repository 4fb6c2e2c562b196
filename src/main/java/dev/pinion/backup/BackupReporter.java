package dev.pinion.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.panel.BackupStatusReport;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.PanelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Panel's two backup callbacks, delivered however long the Panel is away: the end of a backup,
 * {@code POST /api/remote/backups/{uuid}} (spec §5.3, A9.2), and the end of a restore,
 * {@code POST /api/remote/backups/{uuid}/restore} with {@code {"successful":…}} (spec §5.5 step 5). A
 * report is written (fsynced) to {@code <root_directory>/backup-reports/<uuid>.json} (a restore's to
 * {@code <uuid>.restore.json}) before the first attempt and removed only once the Panel answered it, so
 * neither a Panel outage nor a daemon restart loses it. A Panel that cannot be reached, or answers
 * 5xx/429, is tried again later with a growing delay; a 4xx is final (logged and dropped). Unlike Wings
 * (panel#5183), an archive is never deleted because its report could not be delivered.
 *
 * <p>A restore records a failure report before it touches the server's files ({@link #restoreStarting})
 * and replaces it with the outcome at its end: a daemon killed mid-restore thus tells the Panel at its next
 * start that the restore failed, instead of leaving the server marked as restoring forever.
 */
public final class BackupReporter {
    private static final Logger LOG = LoggerFactory.getLogger(BackupReporter.class);

    /** Which callback a queued report is for; the file suffix tells them apart on disk. */
    private enum Kind {
        BACKUP(".json", "backup"),
        RESTORE(".restore.json", "restore of backup");

        final String suffix;
        final String label;

        Kind(String suffix, String label) {
            this.suffix = suffix;
            this.label = label;
        }
    }

    /** The body of {@code POST /backups/{uuid}/restore}. */
    record RestoreReport(@JsonProperty("successful") boolean successful) {}

    private final PanelClient panel;
    private final Path pending;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService scheduler;
    private final Duration firstRetry;
    private final Duration maxRetry;

    /**
     * @param pending    where undelivered reports wait (created if missing)
     * @param scheduler  runs the later attempts
     * @param firstRetry the delay before the first later attempt; it doubles up to {@code maxRetry}
     */
    public BackupReporter(
            PanelClient panel,
            Path pending,
            ObjectMapper mapper,
            ScheduledExecutorService scheduler,
            Duration firstRetry,
            Duration maxRetry) {
        this.panel = panel;
        this.pending = pending;
        this.mapper = mapper;
        this.scheduler = scheduler;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    /**
     * Schedules every report a previous run could not deliver, restores it did not finish included (they
     * are reported failed). Call once at start, before any backup or restore runs.
     */
    public void resumePending() {
        if (!Files.isDirectory(pending)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pending, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Kind kind = name.endsWith(Kind.RESTORE.suffix) ? Kind.RESTORE : Kind.BACKUP;
                String uuid = name.substring(0, name.length() - kind.suffix.length());
                if (BackupIds.isValid(uuid)) {
                    schedule(uuid, kind, Duration.ZERO);
                }
            }
        } catch (IOException e) {
            LOG.error("cannot list undelivered backup reports in {}: {}", pending, e.getMessage());
        }
    }

    /**
     * Records the backup's report, then tries to deliver it now on the calling thread (PanelClient
     * retries for a while itself). True when the Panel accepted it; false when it is queued for later
     * or refused.
     */
    public boolean report(String uuid, BackupStatusReport report) {
        return record(uuid, Kind.BACKUP, report);
    }

    /**
     * Before a restore touches the server's files: records (without sending) that it failed, so a daemon
     * that dies before {@link #reportRestore} tells the Panel at its next start.
     */
    public void restoreStarting(String uuid) {
        try {
            store(uuid, Kind.RESTORE, new RestoreReport(false));
        } catch (IOException e) {
            LOG.error("restore of backup {}: cannot record it in {}: {}", uuid, pending, e.getMessage());
        }
    }

    /** A restore refused after {@link #restoreStarting} (the queue was full): there is nothing to report. */
    public void restoreNotStarted(String uuid) {
        forget(uuid, Kind.RESTORE);
    }

    /** Records the restore's outcome and delivers it as {@link #report} does. */
    public boolean reportRestore(String uuid, boolean successful) {
        return record(uuid, Kind.RESTORE, new RestoreReport(successful));
    }

    /** Whether a report for the backup is still waiting for the Panel. */
    public boolean isPending(String uuid) {
        return Files.exists(file(uuid, Kind.BACKUP));
    }

    /** Whether a restore report for the backup is still waiting for the Panel. */
    public boolean isRestorePending(String uuid) {
        return Files.exists(file(uuid, Kind.RESTORE));
    }

    private boolean record(String uuid, Kind kind, Object report) {
        try {
            store(uuid, kind, report);
        } catch (IOException e) {
            // Still try to deliver it; only the durability across a restart is lost.
            LOG.error("{} {}: cannot record its report in {}: {}", kind.label, uuid, pending, e.getMessage());
        }
        return attempt(uuid, kind, report, firstRetry);
    }

    private void send(String uuid, Kind kind, Object report) {
        switch (kind) {
            case BACKUP -> panel.setBackupStatus(uuid, (BackupStatusReport) report);
            case RESTORE -> panel.sendRestorationStatus(uuid, ((RestoreReport) report).successful());
        }
    }

    private boolean attempt(String uuid, Kind kind, Object report, Duration nextDelay) {
        try {
            send(uuid, kind, report);
            LOG.info("{} {}: reported to the Panel ({})", kind.label, uuid, report);
            forget(uuid, kind);
            return true;
        } catch (PanelException e) {
            if (e.isClientError() && e.httpStatus() != 429) {
                LOG.error(
                        "{} {}: the Panel refused its report ({} {}); not sending it again",
                        kind.label,
                        uuid,
                        e.httpStatus(),
                        e.detail());
                forget(uuid, kind);
                return false;
            }
            LOG.warn(
                    "{} {}: the Panel answered {} to its report; trying again in {} s",
                    kind.label,
                    uuid,
                    e.httpStatus(),
                    nextDelay.toSeconds());
        } catch (RuntimeException e) {
            LOG.warn(
                    "{} {}: the Panel could not be told ({}); trying again in {} s",
                    kind.label,
                    uuid,
                    e.getMessage(),
                    nextDelay.toSeconds());
        }
        schedule(uuid, kind, nextDelay);
        return false;
    }

    private void schedule(String uuid, Kind kind, Duration delay) {
        try {
            scheduler.schedule(() -> retry(uuid, kind, delay), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.info("{} {}: shutting down; its report stays queued for the next start", kind.label, uuid);
        }
    }

    private void retry(String uuid, Kind kind, Duration lastDelay) {
        Object report;
        try {
            byte[] json = Files.readAllBytes(file(uuid, kind));
            report = kind == Kind.BACKUP
                    ? mapper.readValue(json, BackupStatusReport.class)
                    : mapper.readValue(json, RestoreReport.class);
        } catch (NoSuchFileException e) {
            // A later report for the same backup (a second restore) was delivered meanwhile.
            LOG.debug("{} {}: its report was delivered meanwhile", kind.label, uuid);
            return;
        } catch (IOException e) {
            LOG.error("{} {}: cannot read its queued report: {}", kind.label, uuid, e.getMessage());
            return;
        }
        Duration doubled = lastDelay.isZero() ? firstRetry : lastDelay.multipliedBy(2);
        attempt(uuid, kind, report, doubled.compareTo(maxRetry) > 0 ? maxRetry : doubled);
    }

    private void store(String uuid, Kind kind, Object report) throws IOException {
        Files.createDirectories(pending);
        Path target = file(uuid, kind);
        Path temporary = pending.resolve("." + target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(mapper.writeValueAsBytes(report)));
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename itself must survive a power cut, or the next start finds nothing to send.
        try (FileChannel directory = FileChannel.open(pending, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private void forget(String uuid, Kind kind) {
        try {
            Files.deleteIfExists(file(uuid, kind));
        } catch (IOException e) {
            LOG.warn("{} {}: cannot remove its delivered report: {}", kind.label, uuid, e.getMessage());
        }
    }

    private Path file(String uuid, Kind kind) {
        return pending.resolve(BackupIds.require(uuid) + kind.suffix);
    }
}
