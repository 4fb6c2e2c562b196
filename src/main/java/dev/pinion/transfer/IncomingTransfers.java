package dev.pinion.transfer;

import dev.pinion.panel.PanelCallException;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.PanelException;
import dev.pinion.panel.ServerConfiguration;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import dev.pinion.tokens.TokenClaims;
import dev.pinion.tokens.TokenException;
import dev.pinion.tokens.TokenScope;
import dev.pinion.tokens.TokenVerifier;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destination side of transfers (spec files-backups-transfers.md §6.3, §6.4, §6.5): checks the
 * Panel-signed transfer token, creates the server from the Panel's configuration, extracts the
 * {@code archive} part through the confined filesystem while hashing every byte of it, compares the
 * {@code checksum} part, creates the container (nothing is installed, nothing started) and reports
 * to the Panel. Any failure, a cancel included, removes everything of the server from this node and
 * reports {@code /transfer/failure} once.
 */
public final class IncomingTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingTransfers.class);
    private static final int CHECKSUM_BUDGET = 1024;

    private final ServerManager servers;
    private final PanelClient panel;
    private final TokenVerifier tokens;
    private final ExecutorService executor;
    private final TransferMessages messages;
    private final ActiveTransfers active;
    private final Map<String, IncomingTransfer> running = new ConcurrentHashMap<>();

    public IncomingTransfers(
            ServerManager servers,
            PanelClient panel,
            TokenVerifier tokens,
            ExecutorService executor,
            TransferMessages messages,
            ActiveTransfers active) {
        this.servers = servers;
        this.panel = panel;
        this.tokens = tokens;
        this.executor = executor;
        this.messages = messages;
        this.active = active;
    }

    /**
     * POST /api/transfers: returns when the server is here and the Panel was told; throws a
     * {@link TransferException} with the status to answer otherwise. Runs on the transfer executor
     * while the calling (request) thread waits.
     */
    public void receive(String authorization, String contentType, InputStream body) {
        String uuid = verify(authorization);
        Optional<String> boundary = MultipartReader.boundary(contentType);
        if (running.containsKey(uuid)) {
            throw new TransferException(409, TransferException.ALREADY_TRANSFERRING);
        }
        if (servers.get(uuid).isPresent()) {
            throw new TransferException(409, TransferException.ALREADY_EXISTS);
        }
        ServerConfiguration configuration;
        try {
            configuration = panel.getServerConfiguration(uuid);
        } catch (PanelCallException e) {
            reportFailure(uuid);
            throw new TransferException(
                    500, "failed to get the server's configuration from the Panel: " + e.getMessage(), e);
        }
        ManagedServer managed = servers.adoptTransferred(configuration)
                .orElseThrow(() -> new TransferException(409, TransferException.ALREADY_EXISTS));
        IncomingTransfer transfer = new IncomingTransfer(managed);
        running.put(uuid, transfer);
        Future<?> work;
        try {
            work = executor.submit(() -> run(transfer, boundary, body));
        } catch (RejectedExecutionException e) {
            running.remove(uuid, transfer);
            fail(transfer, new TransferException(503, "Too many transfers are running on this node."));
            throw new TransferException(503, "Too many transfers are running on this node.", e);
        }
        try {
            work.get();
        } catch (InterruptedException e) {
            transfer.cancel();
            Thread.currentThread().interrupt();
            throw new TransferException(500, "interrupted while receiving the transfer", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransferException refused) {
                throw refused;
            }
            throw new TransferException(500, String.valueOf(e.getCause().getMessage()), e.getCause());
        }
    }

    /** DELETE /api/transfers/:server: 409 unless this server is arriving now (Wings' handler crashes). */
    public void cancel(String uuid) {
        IncomingTransfer transfer = running.get(uuid);
        if (transfer == null || !transfer.managed().server().transferring().get() || !transfer.cancel()) {
            throw new TransferException(409, TransferException.NOT_TRANSFERRING);
        }
        TransferMessages.status(transfer.managed().server().events(), "cancelling");
    }

    public boolean isRunning(String uuid) {
        return running.containsKey(uuid);
    }

    /** Daemon shutdown: cancels every arrival and waits (up to {@code timeout}) until each is cleaned up. */
    public void failAll(Duration timeout) {
        List<IncomingTransfer> all = List.copyOf(running.values());
        all.forEach(IncomingTransfer::cancel);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (all.stream().anyMatch(t -> running.get(t.managed().uuid()) == t) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String verify(String authorization) {
        String[] parts = authorization == null ? new String[0] : authorization.split(" ", 2);
        if (parts.length != 2 || !parts[0].equals("Bearer")) {
            throw new TransferException(401, TransferException.NO_AUTHORIZATION);
        }
        TokenClaims claims;
        try {
            claims = tokens.verify(parts[1], TokenScope.TRANSFER);
        } catch (TokenException e) {
            // A token for another endpoint is forbidden; one we cannot trust at all is unauthorized.
            throw new TransferException(
                    e.reason() == TokenException.Reason.MISSING_SCOPE ? 403 : 401,
                    e.reason() == TokenException.Reason.MISSING_SCOPE ? "Forbidden." : e.getMessage(),
                    e);
        }
        try {
            UUID uuid = UUID.fromString(claims.subject());
            if (uuid.version() != 4 || !uuid.toString().equals(claims.subject().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("not a version 4 uuid");
            }
            return uuid.toString();
        } catch (IllegalArgumentException e) {
            throw new TransferException(400, "The transfer token does not name a valid server.", e);
        }
    }

    private void run(IncomingTransfer transfer, Optional<String> boundary, InputStream body) {
        ManagedServer managed = transfer.managed();
        ActiveTransfers.Movement movement = active.begin(managed.uuid(), ActiveTransfers.Direction.INCOMING);
        transfer.attach(Thread.currentThread());
        try {
            if (boundary.isEmpty()) {
                throw new TransferException(400, "invalid content type, expected \"multipart/form-data\"");
            }
            messages.target(managed.server().events(), "Receiving server data from the source node...");
            receiveParts(transfer, new MultipartReader(transfer.guard(body), boundary.get()), movement);
            if (transfer.isCancelled()) {
                throw new TransferException(500, "transfer cancelled");
            }
            managed.process().createContainer();
            finish(transfer);
        } catch (RuntimeException | IOException e) {
            // No cancel may interrupt the clean-up (Docker calls, deletes).
            transfer.attach(null);
            Thread.interrupted();
            TransferException failure = e instanceof TransferException t
                    ? t
                    : new TransferException(
                            transfer.isCancelled() ? 500 : 400,
                            transfer.isCancelled() ? "transfer cancelled" : String.valueOf(e.getMessage()),
                            e);
            fail(transfer, failure);
            throw failure;
        } finally {
            transfer.attach(null);
            Thread.interrupted();
            active.end(movement);
            running.remove(managed.uuid(), transfer);
        }
    }

    private void receiveParts(IncomingTransfer transfer, MultipartReader reader, ActiveTransfers.Movement movement)
            throws IOException {
        ManagedServer managed = transfer.managed();
        MessageDigest sha256 = sha256();
        boolean archive = false;
        boolean checksum = false;
        for (Optional<MultipartReader.Part> next = reader.next(); next.isPresent(); next = reader.next()) {
            MultipartReader.Part part = next.get();
            switch (part.name()) {
                case "archive" -> {
                    if (archive) {
                        throw new TransferException(400, "archive sent twice");
                    }
                    InputStream hashed = new DigestInputStream(new Counted(part.content(), movement), sha256);
                    managed.filesystem().truncate();
                    managed.filesystem().extractArchive(new Unclosable(hashed), true, name -> {});
                    // Hash every byte of the part, as the source did, not only what the extractor read (§6.5).
                    hashed.transferTo(OutputStream.nullOutputStream());
                    archive = true;
                }
                case "checksum" -> {
                    if (!archive) {
                        throw new TransferException(400, "archive must be sent before the checksum");
                    }
                    byte[] text = part.content().readNBytes(CHECKSUM_BUDGET + 1);
                    if (text.length > CHECKSUM_BUDGET) {
                        throw new TransferException(400, "checksum part too large");
                    }
                    byte[] expected;
                    try {
                        expected = HexFormat.of().parseHex(new String(text, StandardCharsets.US_ASCII));
                    } catch (IllegalArgumentException e) {
                        throw new TransferException(400, "checksum is not hexadecimal", e);
                    }
                    if (!MessageDigest.isEqual(expected, sha256.digest())) {
                        throw new TransferException(400, "checksums don't match");
                    }
                    checksum = true;
                }
                default -> {
                    // Other parts (Pelican's backups, install logs) are skipped by the reader.
                }
            }
        }
        if (!archive || !checksum) {
            throw new TransferException(400, "missing archive or checksum");
        }
    }

    /** Tells the Panel; only an accepted success keeps the server here. */
    private void finish(IncomingTransfer transfer) {
        ManagedServer managed = transfer.managed();
        try {
            panel.setTransferStatus(managed.uuid(), true);
        } catch (PanelException e) {
            // The Panel refused (the source reported failure first): the server is not ours.
            throw new TransferException(500, "the Panel refused the transfer success: " + e.getMessage(), e);
        } catch (PanelCallException e) {
            // Unknown whether the Panel recorded it: keep the files and the flag, as Wings does.
            LOG.error(
                    "server {}: failed to set transfer status on the Panel, keeping the server: {}",
                    managed.uuid(),
                    e.getMessage());
            return;
        }
        managed.server().transferring().set(false);
        messages.target(managed.server().events(), "Transfer complete.");
        TransferMessages.status(managed.server().events(), "success");
        servers.persistStates();
        LOG.info("server {}: transfer received", managed.uuid());
    }

    private void fail(IncomingTransfer transfer, TransferException failure) {
        ManagedServer managed = transfer.managed();
        LOG.warn("server {}: incoming transfer failed: {}", managed.uuid(), failure.getMessage());
        messages.target(managed.server().events(), "Transfer failed: " + failure.getMessage());
        TransferMessages.status(managed.server().events(), "failure");
        servers.discard(managed);
        if (!(failure.getCause() instanceof PanelException)) {
            reportFailure(managed.uuid());
        }
    }

    private void reportFailure(String uuid) {
        try {
            panel.setTransferStatus(uuid, false);
        } catch (RuntimeException e) {
            LOG.warn("server {}: failed to set transfer status on the Panel: {}", uuid, e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The archive part as the extractor sees it: closing it must not end the part (we drain it after). */
    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }

    /** Counts archive bytes into the node's totals and the transfer's last progress. */
    private final class Counted extends FilterInputStream {
        private final ActiveTransfers.Movement movement;

        Counted(InputStream in, ActiveTransfers.Movement movement) {
            super(in);
            this.movement = movement;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                active.moved(movement, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                active.moved(movement, n);
            }
            return n;
        }
    }
}
