package dev.pinion.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.panel.BackupStatusReport;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.PanelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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
 * The backup callback {@code POST /api/remote/backups/{uuid}} (spec §5.3, A9.2), delivered however long
 * the Panel is away: the report is written (fsynced) to {@code <root_directory>/backup-reports/<uuid>.json}
 * before the first attempt and removed only once the Panel answered it, so neither a Panel outage nor a
 * daemon restart loses it. A Panel that cannot be reached, or answers 5xx/429, is tried again later with
 * a growing delay; a 4xx is final (logged and dropped). Unlike Wings (panel#5183), an archive is never
 * deleted because its report could not be delivered.
 */
public final class BackupReporter {
    private static final Logger LOG = LoggerFactory.getLogger(BackupReporter.class);
    private static final String SUFFIX = ".json";

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

    /** Schedules every report a previous run could not deliver. */
    public void resumePending() {
        if (!Files.isDirectory(pending)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pending, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String uuid = name.substring(0, name.length() - SUFFIX.length());
                if (BackupIds.isValid(uuid)) {
                    schedule(uuid, Duration.ZERO);
                }
            }
        } catch (IOException e) {
            LOG.error("cannot list undelivered backup reports in {}: {}", pending, e.getMessage());
        }
    }

    /**
     * Records the report, then tries to deliver it now on the calling thread (PanelClient retries for
     * a while itself). True when the Panel accepted it; false when it is queued for later or refused.
     */
    public boolean report(String uuid, BackupStatusReport report) {
        try {
            store(uuid, report);
        } catch (IOException e) {
            // Still try to deliver it; only the durability across a restart is lost.
            LOG.error("backup {}: cannot record its report in {}: {}", uuid, pending, e.getMessage());
        }
        return attempt(uuid, report, firstRetry);
    }

    /** Whether a report for the backup is still waiting for the Panel. */
    public boolean isPending(String uuid) {
        return Files.exists(file(uuid));
    }

    private boolean attempt(String uuid, BackupStatusReport report, Duration nextDelay) {
        try {
            panel.setBackupStatus(uuid, report);
            LOG.info("backup {}: reported to the Panel (successful={})", uuid, report.successful());
            forget(uuid);
            return true;
        } catch (PanelException e) {
            if (e.isClientError() && e.httpStatus() != 429) {
                LOG.error(
                        "backup {}: the Panel refused its report ({} {}); not sending it again",
                        uuid,
                        e.httpStatus(),
                        e.detail());
                forget(uuid);
                return false;
            }
            LOG.warn(
                    "backup {}: the Panel answered {} to its report; trying again in {} s",
                    uuid,
                    e.httpStatus(),
                    nextDelay.toSeconds());
        } catch (RuntimeException e) {
            LOG.warn(
                    "backup {}: the Panel could not be told ({}); trying again in {} s",
                    uuid,
                    e.getMessage(),
                    nextDelay.toSeconds());
        }
        schedule(uuid, nextDelay);
        return false;
    }

    private void schedule(String uuid, Duration delay) {
        try {
            scheduler.schedule(() -> retry(uuid, delay), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.info("backup {}: shutting down; its report stays queued for the next start", uuid);
        }
    }

    private void retry(String uuid, Duration lastDelay) {
        BackupStatusReport report;
        try {
            report = mapper.readValue(file(uuid).toFile(), BackupStatusReport.class);
        } catch (IOException e) {
            LOG.error("backup {}: cannot read its queued report: {}", uuid, e.getMessage());
            return;
        }
        Duration doubled = lastDelay.isZero() ? firstRetry : lastDelay.multipliedBy(2);
        attempt(uuid, report, doubled.compareTo(maxRetry) > 0 ? maxRetry : doubled);
    }

    private void store(String uuid, BackupStatusReport report) throws IOException {
        Files.createDirectories(pending);
        Path temporary = pending.resolve("." + uuid + SUFFIX + ".tmp");
        try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(mapper.writeValueAsBytes(report)));
            channel.force(true);
        }
        Files.move(temporary, file(uuid), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void forget(String uuid) {
        try {
            Files.deleteIfExists(file(uuid));
        } catch (IOException e) {
            LOG.warn("backup {}: cannot remove its delivered report: {}", uuid, e.getMessage());
        }
    }

    private Path file(String uuid) {
        return pending.resolve(BackupIds.require(uuid) + SUFFIX);
    }
}
