package dev.pinion.pull;

import dev.pinion.filesystem.ErrorKind;
import dev.pinion.filesystem.FilesystemException;
import dev.pinion.filesystem.ServerFilesystem;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every server's running remote pulls (spec panel-to-wings-api.md §5.11, files-backups-transfers.md
 * §3): at most 3 per server, each on its own virtual thread through {@link GuardedHttpGet}, written with
 * {@link ServerFilesystem#write} so confinement, denylist, quota and atomic replacement hold. A finished,
 * failed or cancelled pull leaves the list at once.
 */
public final class RemoteDownloads {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteDownloads.class);
    public static final int PER_SERVER_LIMIT = 3;
    public static final String LIMIT_REACHED = "This server has reached its limit of 3 simultaneous remote file "
            + "downloads at once. Please wait for one to complete before trying again.";

    /** Wings' whole-download timeout (its HTTP client's): a pull that trickles for longer is ended. */
    public static final Duration DEADLINE = Duration.ofHours(12);

    private final GuardedHttpGet http;
    private final Map<String, Download> running = new ConcurrentHashMap<>();
    private final Executor work;
    private final ScheduledExecutorService timers;
    private final Duration deadline;

    public RemoteDownloads(AddressPolicy policy, Executor work, ScheduledExecutorService timers) {
        // A read that stalls for 10 min is as good as dead; the whole pull has Wings' 12 h.
        this(
                new GuardedHttpGet(policy, Duration.ofSeconds(10), Duration.ofMinutes(10), (SSLSocketFactory)
                        SSLSocketFactory.getDefault()),
                work,
                timers,
                DEADLINE);
    }

    /**
     * @param work runs each pull, one task per pull
     * @param timers ends a pull at its deadline
     * @param deadline how long a whole pull may take, from its start to its last byte
     */
    public RemoteDownloads(GuardedHttpGet http, Executor work, ScheduledExecutorService timers, Duration deadline) {
        this.http = http;
        this.work = work;
        this.timers = timers;
        this.deadline = deadline;
    }

    /** Starts a pull; refuses a 4th concurrent one for the same server. */
    public synchronized Download start(String serverUuid, ServerFilesystem fs, PullRequest request) {
        long mine = running.values().stream()
                .filter(d -> d.serverUuid().equals(serverUuid))
                .count();
        if (mine >= PER_SERVER_LIMIT) {
            throw new PullException(LIMIT_REACHED);
        }
        Download download = new Download(UUID.randomUUID().toString(), serverUuid);
        running.put(download.identifier(), download);
        try {
            work.execute(() -> run(download, fs, request));
        } catch (RejectedExecutionException e) {
            running.remove(download.identifier());
            throw e;
        }
        return download;
    }

    /** The server's running pulls. */
    public List<Download> of(String serverUuid) {
        return running.values().stream()
                .filter(d -> d.serverUuid().equals(serverUuid))
                .toList();
    }

    /** Cancels the pull if it exists and belongs to the server; otherwise nothing. */
    public void cancel(String serverUuid, String identifier) {
        Download download = running.get(identifier);
        if (download != null && download.serverUuid().equals(serverUuid)) {
            download.cancel();
        }
    }

    /** Cancels every pull of the server (it is being deleted), as Wings does. */
    public void cancelAll(String serverUuid) {
        of(serverUuid).forEach(Download::cancel);
    }

    /** Cancels every pull (the daemon is stopping). */
    public void cancelAll() {
        running.values().forEach(Download::cancel);
    }

    private void run(Download download, ServerFilesystem fs, PullRequest request) {
        String target = null;
        Throwable failure = null;
        // A per-read timeout alone lets a peer trickle a byte every few minutes forever.
        ScheduledFuture<?> expiry = timers.schedule(download::expire, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try (RemoteResponse response = http.get(request.url(), download::connected)) {
            if (response.status() != 200) {
                throw new PullException("downloader: got bad response status from endpoint: " + response.status()
                        + (response.reason().isEmpty() ? "" : " " + response.reason()));
            }
            long length = response.contentLength();
            if (length < 1) {
                throw new PullException("downloader: request is missing ContentLength");
            }
            String name = fileName(request, response);
            download.started(length, response);
            fs.write(request.root() + "/" + name, new Counting(response.body(), download), length);
            target = request.root() + "/" + name;
        } catch (RuntimeException | IOException e) {
            failure = download.timedOut()
                    ? new PullException("downloader: download did not finish within " + deadline, e)
                    : download.cancelled() ? new PullException("downloader: download was cancelled", e) : e;
            LOG.info(
                    "pull {} for server {} failed: {}",
                    download.identifier(),
                    download.serverUuid(),
                    failure.getMessage());
        } finally {
            expiry.cancel(false);
            running.remove(download.identifier());
        }
        // Completed only once it is off the list, so whoever waits on the result sees the list without it.
        if (failure == null) {
            download.result().complete(target);
        } else {
            download.result().completeExceptionally(failure);
        }
    }

    /** Wings' order: Content-Disposition (if asked), then file_name, then the URL's last path segment. */
    static String fileName(PullRequest request, RemoteResponse response) {
        if (request.useHeader()) {
            var fromHeader = response.header("content-disposition").flatMap(ContentDispositionName::of);
            if (fromHeader.isPresent()) {
                return fromHeader.get();
            }
        }
        if (request.fileName() != null && !request.fileName().isEmpty()) {
            return request.fileName();
        }
        String path = request.url().getPath() == null ? "" : request.url().getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.isEmpty()) {
            throw new FilesystemException(ErrorKind.IS_DIR, request.root(), "no file name in the URL");
        }
        return last;
    }

    /** Counts bytes into the pull's progress as the filesystem reads them. */
    private static final class Counting extends FilterInputStream {
        private final Download download;

        Counting(InputStream in, Download download) {
            super(in);
            this.download = download;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                download.add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                download.add(n);
            }
            return n;
        }
    }
}
