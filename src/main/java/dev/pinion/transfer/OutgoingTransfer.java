package dev.pinion.transfer;

import dev.pinion.server.ManagedServer;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's push to its destination (spec files-backups-transfers.md §6.2): the whole root as
 * Wings' gzip(tar), streamed into a chunked multipart body ({@code archive}, then {@code checksum},
 * the SHA-256 hex of exactly the archive part's bytes) through a bounded pipe, never staged on disk.
 * Success is the destination's 200 and nothing more: the Panel then deletes the server here. Any
 * other end reports {@code /transfer/failure} once and leaves the server usable.
 */
final class OutgoingTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(OutgoingTransfer.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 16;

    private final ManagedServer managed;
    private final URI destination;
    private final String token;
    private final OutgoingTransfers.Parts parts;
    private final ChunkPipe pipe = new ChunkPipe(CHUNK, CHUNKS);
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private volatile String cancelReason = "Canceled.";
    private volatile CompletableFuture<HttpResponse<String>> response;

    OutgoingTransfer(ManagedServer managed, URI destination, String token, OutgoingTransfers.Parts parts) {
        this.managed = managed;
        this.destination = destination;
        this.token = token;
        this.parts = parts;
    }

    String uuid() {
        return managed.uuid();
    }

    /** Stops the push; the running {@link #run} then reports the failure. Once only. */
    boolean cancel(String reason) {
        if (!cancelled.compareAndSet(false, true)) {
            return false;
        }
        cancelReason = reason;
        TransferMessages.status(managed.server().events(), "cancelling");
        pipe.fail(new IOException("transfer cancelled"));
        CompletableFuture<HttpResponse<String>> sending = response;
        if (sending != null) {
            sending.cancel(true);
        }
        return true;
    }

    void run() {
        var events = managed.server().events();
        ActiveTransfers.Movement movement = parts.active().begin(uuid(), ActiveTransfers.Direction.OUTGOING);
        ScheduledFuture<?> ticker = null;
        try {
            parts.messages().source(events, "Preparing to stream server data to destination...");
            TransferMessages.status(events, "processing");
            String boundary = HexFormat.of().formatHex(randomBytes(30));
            HttpRequest request = HttpRequest.newBuilder(destination)
                    .header("Authorization", token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(pipe::source))
                    .build();
            long total = managed.filesystem().diskUsage().cachedUsage();
            parts.messages().source(events, "Streaming archive to destination...");
            long began = System.nanoTime();
            long interval = parts.settings().progressInterval().toMillis();
            ticker = parts.ticks()
                    .scheduleAtFixedRate(
                            () -> parts.messages()
                                    .source(
                                            events,
                                            "Uploading " + TransferMessages.progress(written.get(), total)
                                                    + rate(began)),
                            interval,
                            interval,
                            TimeUnit.MILLISECONDS);
            response = parts.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
            // The destination answered or the connection broke: the writer must not wait for a reader.
            response.whenComplete((answer, error) -> pipe.fail(new IOException("the destination "
                    + (error != null
                            ? "connection failed: " + error.getMessage()
                            : "answered " + answer.statusCode()))));
            if (cancelled.get()) {
                throw new IOException("transfer cancelled");
            }
            writeBody(boundary, movement);
            ticker.cancel(false);
            parts.messages().source(events, "Finished streaming archive to destination.");
            HttpResponse<String> answer = response.get();
            if (answer.statusCode() != 200) {
                throw new IOException("unexpected status code from destination: " + answer.statusCode());
            }
            LOG.info("server {}: transfer complete; waiting for the Panel to delete it here", uuid());
        } catch (Exception e) {
            fail(e);
        } finally {
            if (ticker != null) {
                ticker.cancel(false);
            }
            parts.active().end(movement);
        }
    }

    private void writeBody(String boundary, ActiveTransfers.Movement movement) throws IOException {
        OutputStream body = SendRateLimit.wrap(
                pipe.sink(), parts.settings().sendLimitMibps().getAsLong());
        body.write(("--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"archive\"; filename=\"archive.tar.gz\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        MessageDigest sha256 = sha256();
        OutputStream archive = new DigestOutputStream(new ArchivePart(body, movement), sha256);
        managed.filesystem().writeTransferArchive(archive, written::addAndGet);
        String checksum = HexFormat.of().formatHex(sha256.digest());
        body.write(("\r\n--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"checksum\"\r\n\r\n"
                        + checksum + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.close();
    }

    private void fail(Exception e) {
        var events = managed.server().events();
        String reason = failureReason(e);
        if (cancelled.get()) {
            parts.messages().source(events, cancelReason);
        } else {
            parts.messages().source(events, "Transfer failed: " + reason);
        }
        LOG.warn("server {}: transfer failed: {}", uuid(), cancelled.get() ? cancelReason : reason);
        try {
            parts.panel().setTransferStatus(uuid(), false);
        } catch (RuntimeException panelError) {
            // 409 when the destination reported first: the Panel already knows (spec §6.1 step 8).
            LOG.warn("server {}: failed to set transfer status on the Panel: {}", uuid(), panelError.getMessage());
        }
        TransferMessages.status(events, "failure");
        managed.server().transferring().set(false);
    }

    /** The destination's answer when it gave one, else what broke. */
    private String failureReason(Exception e) {
        CompletableFuture<HttpResponse<String>> sending = response;
        if (sending != null && sending.isDone() && !sending.isCompletedExceptionally()) {
            int status = sending.getNow(null).statusCode();
            if (status != 200) {
                return "unexpected status code from destination: " + status;
            }
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** The average rate of file content since streaming began, as {@code (12.5 MiB/s)}. */
    private String rate(long beganNanos) {
        double seconds = (System.nanoTime() - beganNanos) / 1e9;
        long perSecond = seconds <= 0 ? 0 : (long) (written.get() / seconds);
        return " (" + TransferMessages.size(perSecond) + "/s)";
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The archive part: counted as it goes; closing it (the archive writer does) keeps the body open. */
    private final class ArchivePart extends FilterOutputStream {
        private final ActiveTransfers.Movement movement;

        ArchivePart(OutputStream out, ActiveTransfers.Movement movement) {
            super(out);
            this.movement = movement;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            parts.active().moved(movement, len);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
