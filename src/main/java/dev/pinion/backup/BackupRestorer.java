package dev.pinion.backup;

import dev.pinion.panel.RetryClock;
import dev.pinion.pull.AddressPolicy;
import dev.pinion.pull.GuardedHttpGet;
import dev.pinion.pull.PullException;
import dev.pinion.pull.RemoteResponse;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerEvent;
import dev.pinion.server.ServerState;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup into a server (spec §5.5): the source is opened before the request is answered
 * (a missing local archive is 404, an S3 link that is not gzip 400), then in the background the server
 * is stopped (2 minutes, as Wings waits), optionally emptied, and the archive streamed — never staged —
 * through {@link dev.pinion.filesystem.ServerFilesystem#extractArchive} (confinement, no links, quota),
 * throttled by {@code write_limit}. Each entry is announced as {@code (restoring): <name>}; the Panel
 * hears {@code /restore} with the outcome through {@link BackupReporter} (a restore the daemon did not live
 * to finish is reported failed at the next start), and the console gets the completion message and
 * {@code backup restore completed} even after a failure — preceded then by a message saying the files
 * may be incomplete, so a half-restored server never goes unnoticed.
 *
 * <p>Differences from Wings (spec §8 item 10): the server is stopped before the truncation, not after,
 * and the server's suspension is left as it was. S3 downloads go through the pull SSRF guard (only
 * public addresses unless {@code restore_host_allowlist} lists one), as upstream does since 2024.
 */
public final class BackupRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRestorer.class);
    static final Duration STOP_WAIT = Duration.ofMinutes(2);

    private final BackupDirectory directory;
    private final BackupReporter reporter;
    private final RetryClock clock;
    private final Duration readTimeout;

    public BackupRestorer(BackupDirectory directory, BackupReporter reporter, RetryClock clock, Duration readTimeout) {
        this.directory = directory;
        this.reporter = reporter;
        this.clock = clock;
        this.readTimeout = readTimeout;
    }

    /** An opened archive stream and what the console calls it. */
    record Source(InputStream body, BackupAdapter adapter) implements AutoCloseable {
        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                LOG.debug("closing a restore source: {}", e.getMessage());
            }
        }
    }

    /** The synchronous part: the archive must be there (local) or answer as gzip (S3). */
    Source open(String backupUuid, BackupAdapter adapter, String downloadUrl, BackupSettings settings) {
        if (adapter == BackupAdapter.S3) {
            if (downloadUrl == null || downloadUrl.isEmpty()) {
                throw new BackupException(
                        BackupException.Kind.INVALID,
                        "The download_url field is required when the backup adapter is set to S3.");
            }
            return new Source(download(downloadUrl, settings), adapter);
        }
        try {
            return new Source(
                    Files.newInputStream(
                            directory.archive(backupUuid), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS),
                    adapter);
        } catch (NoSuchFileException e) {
            throw BackupException.notFound();
        } catch (IOException e) {
            LOG.warn("backup {}: cannot open the archive: {}", backupUuid, e.getMessage());
            throw BackupException.notFound();
        }
    }

    private InputStream download(String url, BackupSettings settings) {
        GuardedHttpGet get = new GuardedHttpGet(
                AddressPolicy.wingsExcept(settings.restoreHostAllowlist().toArray(String[]::new)),
                Duration.ofSeconds(10),
                readTimeout,
                (SSLSocketFactory) SSLSocketFactory.getDefault());
        RemoteResponse response;
        try {
            response = get.get(GuardedHttpGet.parse(url));
        } catch (PullException | IOException e) {
            LOG.warn("S3 restore download failed: {}", e.getMessage());
            throw new BackupException(
                    BackupException.Kind.INVALID, "The backup could not be downloaded: " + e.getMessage());
        }
        try {
            if (response.status() != 200) {
                throw new BackupException(
                        BackupException.Kind.INVALID,
                        "The backup could not be downloaded: the storage answered " + response.status() + ".");
            }
            String type = response.header("content-type").orElse("");
            String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!media.equals("application/x-gzip") && !media.equals("application/gzip")) {
                throw new BackupException(
                        BackupException.Kind.INVALID,
                        "The provided backup link is not a supported content type. \"" + type
                                + "\" is not application/x-gzip.");
            }
            if (response.header("transfer-encoding").isPresent()) {
                throw new BackupException(
                        BackupException.Kind.INVALID,
                        "The backup could not be downloaded: a chunked response is not supported.");
            }
            long length = response.contentLength();
            InputStream body = response.body();
            return length < 0
                    ? closing(body, response)
                    : closing(
                            new FilterInputStream(body) {
                                private long left = length;

                                // mark/reset would rewind the socket buffer beneath the count (gzip rewinds after its
                                // trailer).
                                @Override
                                public boolean markSupported() {
                                    return false;
                                }

                                @Override
                                public int read() throws IOException {
                                    if (left <= 0) {
                                        return -1;
                                    }
                                    int b = in.read();
                                    if (b >= 0) {
                                        left--;
                                    }
                                    return b;
                                }

                                @Override
                                public int read(byte[] b, int off, int len) throws IOException {
                                    if (left <= 0) {
                                        return -1;
                                    }
                                    int n = in.read(b, off, (int) Math.min(len, left));
                                    if (n > 0) {
                                        left -= n;
                                    }
                                    return n;
                                }
                            },
                            response);
        } catch (RuntimeException e) {
            closeQuietly(response);
            throw e;
        }
    }

    private static InputStream closing(InputStream body, RemoteResponse response) {
        return new FilterInputStream(body) {
            @Override
            public boolean markSupported() {
                return false;
            }

            @Override
            public void close() throws IOException {
                response.close();
            }
        };
    }

    /** The background part; always reports to the Panel and the console, success or not. */
    void restore(ManagedServer server, String backupUuid, Source source, boolean truncate, BackupSettings settings) {
        boolean successful = false;
        var events = server.server().events();
        try (source) {
            stop(server);
            if (truncate) {
                server.filesystem().truncate();
            }
            ByteRateLimiter limiter = new ByteRateLimiter(settings.writeLimitMiB(), clock);
            server.filesystem()
                    .extractArchive(
                            limiter.wrap(source.body()),
                            false,
                            name -> events.publish(ServerEvent.DAEMON_MESSAGE, "(restoring): " + name));
            successful = true;
            LOG.info("server {}: restored from backup {}", server.uuid(), backupUuid);
        } catch (RuntimeException | IOException e) {
            LOG.error(
                    "server {}: restore from backup {} failed: {}", server.uuid(), backupUuid, Backups.describe(e), e);
            events.publish(
                    ServerEvent.DAEMON_MESSAGE,
                    "Restoration from backup failed: " + Backups.describe(e)
                            + ". The server's files may be incomplete; restore the backup again before starting the server.");
        }
        // Persisted and retried until the Panel answers, across restarts (the Panel keeps the server
        // marked as restoring until it hears this).
        reporter.reportRestore(backupUuid, successful);
        events.publish(
                ServerEvent.DAEMON_MESSAGE,
                source.adapter() == BackupAdapter.S3
                        ? "Completed server restoration from S3 backup."
                        : "Completed server restoration from local backup.");
        events.publish(ServerEvent.BACKUP_RESTORE_COMPLETED, "");
    }

    private static void stop(ManagedServer server) throws IOException {
        if (server.server().state() == ServerState.OFFLINE) {
            return;
        }
        server.process().stop(STOP_WAIT);
        if (server.server().state() != ServerState.OFFLINE) {
            throw new IOException("the server did not stop within " + STOP_WAIT.toMinutes() + " minutes");
        }
    }

    private static void closeQuietly(RemoteResponse response) {
        try {
            response.close();
        } catch (IOException e) {
            LOG.debug("closing a refused restore download: {}", e.getMessage());
        }
    }
}
