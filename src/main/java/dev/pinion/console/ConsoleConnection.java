package dev.pinion.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.activity.ActivityEntry;
import dev.pinion.activity.ActivityEvents;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.PowerAction;
import dev.pinion.server.PowerActionException;
import dev.pinion.server.ServerEvent;
import dev.pinion.server.ServerState;
import dev.pinion.tokens.TokenClaims;
import dev.pinion.tokens.TokenException;
import dev.pinion.tokens.TokenScope;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console protocol of one socket (spec websocket-sftp-activity.md §1.5–1.9): authentication
 * and re-authentication, the inbound events, the server's events going out through the token check
 * and the permission filters, and the expiry notices.
 */
final class ConsoleConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleConnection.class);
    static final String NO_JWT = "jwt: no jwt present";
    static final String GENERIC_ERROR = "an unexpected error was encountered while handling this request";
    static final String POWER_LOCKED =
            "another power action is currently being processed for this server, please try again later";

    private final ManagedServer server;
    private final ConsoleContext context;
    private final Outbox outbox;
    private final RateLimits limits;
    private final Runnable onFirstAuth;
    private final AtomicReference<TokenClaims> token = new AtomicReference<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean joined;
    // The last token check, reused while nothing it depends on changed (see tokenProblem).
    private volatile TokenCheck lastCheck;
    private volatile ScheduledFuture<?> expiryCheck;
    private volatile boolean closed;

    /** {@code onFirstAuth} runs once, when the socket first authenticates (it stops counting as pending). */
    private final String clientIp;

    ConsoleConnection(
            ManagedServer server, ConsoleContext context, Outbox outbox, Runnable onFirstAuth, String clientIp) {
        this.clientIp = clientIp;
        this.server = server;
        this.context = context;
        this.outbox = outbox;
        this.limits = new RateLimits(System::nanoTime);
        this.onFirstAuth = onFirstAuth;
    }

    String serverUuid() {
        return server.uuid();
    }

    /** The token in place, if any. */
    Optional<TokenClaims> token() {
        return Optional.ofNullable(token.get());
    }

    // ------------------------------------------------------------------ inbound

    void onText(String text) {
        if (!admit(limits.admitAny(), RateLimits.GLOBAL)) {
            return;
        }
        Optional<ConsoleMessage> parsed = ConsoleMessage.decode(context.mapper(), text);
        if (parsed.isEmpty()) {
            return;
        }
        ConsoleMessage message = parsed.get();
        if (!admit(limits.admitEvent(message.event()), message.event())) {
            return;
        }
        if (message.event().equals("auth")) {
            authenticate(message.joinedArgs());
            return;
        }
        String problem = tokenProblem();
        if (problem != null) {
            send(ConsoleMessage.of("jwt error", problem));
            return;
        }
        switch (message.event()) {
            case "set state" -> setState(message.joinedArgs());
            case "send logs" -> sendLogs();
            case "send stats" -> sendStats();
            case "send command" -> sendCommand(message.joinedArgs());
            default -> {
                // unknown events are ignored once the token is checked, as Wings does
            }
        }
    }

    /** Binary frames are ignored, but still count against the socket's global rate limit. */
    void onBinary() {
        admit(limits.admitAny(), RateLimits.GLOBAL);
    }

    private boolean admit(RateLimits.Admission admission, String name) {
        if (admission == RateLimits.Admission.DROP_AND_NOTIFY) {
            // Once per episode: a dropped "set state" leaves no other trace (the frontend ignores "throttled").
            LOG.debug("console socket of server {} from {} throttled on {}", server.uuid(), clientIp, name);
            send(ConsoleMessage.of("throttled", name));
        }
        return admission == RateLimits.Admission.ACCEPT;
    }

    private void authenticate(String jwt) {
        TokenClaims claims;
        try {
            claims = context.verifier().verify(jwt, TokenScope.WEBSOCKET);
            context.revocations().refuseIfRevoked(claims);
            if (!claims.hasPermission("websocket.connect") || claims.userUuid().isEmpty()) {
                throw new TokenException(TokenException.Reason.MISSING_SCOPE);
            }
            // Wings compares the server only on later use; refusing here says so at once.
            if (!claims.serverUuid().equals(server.uuid())) {
                throw new TokenException(TokenException.Reason.SERVER_MISMATCH);
            }
        } catch (TokenException e) {
            // The previous token, if any, stays in place.
            sendError(e.isJwtError(), e.getMessage());
            return;
        }
        token.set(claims);
        send(ConsoleMessage.of("auth success"));
        if (started.compareAndSet(false, true)) {
            onFirstAuth.run();
            start();
        }
    }

    /** The first successful auth: events start flowing, then the current status (and stats when offline). */
    private void start() {
        context.feeds().join(server.server(), outbox, this::forward);
        joined = true;
        long every = context.settings().expiryCheck().toMillis();
        expiryCheck = context.scheduler().scheduleAtFixedRate(this::checkExpiry, every, every, TimeUnit.MILLISECONDS);
        if (closed) {
            stop();
        }
        ServerState state = server.server().state();
        send(ConsoleMessage.of(ServerEvent.STATUS, state.wireName()));
        if (state == ServerState.OFFLINE
                && !server.server().installing().get()
                && !server.server().transferring().get()) {
            sendStats();
        }
    }

    private void setState(String value) {
        Optional<PowerAction> action = PowerAction.fromWire(value);
        if (action.isPresent()) {
            String needed = switch (action.get()) {
                case START -> "control.start";
                case RESTART -> "control.restart";
                case STOP, KILL -> "control.stop";
            };
            if (!hasPermission(needed)) {
                return;
            }
        }
        if (action.isEmpty()) {
            sendError(false, "attempting to handle unknown power action");
            return;
        }
        // A stop can wait minutes: never on the socket's read thread.
        var submitted = server.power().submit(action.get(), 0);
        submitted.thenRun(() -> recordActivity(ActivityEvents.power(
                server.uuid(),
                userUuid(),
                clientIp,
                action.get().wireName(),
                context.clock().instant())));
        submitted.exceptionally(failure -> {
            if (failure instanceof PowerActionException e && e.locked()) {
                send(ConsoleMessage.of("daemon error", "Error Event [" + UUID.randomUUID() + "]: " + POWER_LOCKED));
            } else if (failure instanceof PowerActionException || failure instanceof RuntimeException) {
                sendError(false, String.valueOf(failure.getMessage()));
            }
            return null;
        });
    }

    private void sendLogs() {
        if (server.server().state() == ServerState.OFFLINE) {
            return;
        }
        for (String line : server.console().lastLines(context.logCount())) {
            send(ConsoleMessage.of(ServerEvent.CONSOLE_OUTPUT, line));
        }
    }

    private void sendStats() {
        try {
            send(ConsoleMessage.of(
                    ServerEvent.STATS,
                    context.mapper().writeValueAsString(server.usage().current())));
        } catch (JsonProcessingException e) {
            LOG.warn("cannot encode stats of {}", server.uuid(), e);
        }
    }

    private void sendCommand(String command) {
        if (!hasPermission("control.console")) {
            return;
        }
        ServerState state = server.server().state();
        if (state == ServerState.OFFLINE
                || (state == ServerState.STARTING && !server.console().isAttached())) {
            return;
        }
        try {
            server.console().sendCommand(command);
            recordActivity(ActivityEvents.consoleCommand(
                    server.uuid(),
                    userUuid(),
                    clientIp,
                    command,
                    context.clock().instant()));
        } catch (IOException | IllegalStateException e) {
            sendError(false, "environment/docker: cannot send command to container: " + e.getMessage());
        }
    }

    /** The activity entry of a power action or command, after it succeeded (spec §3.1). */
    private void recordActivity(ActivityEntry entry) {
        context.activity().record(entry);
    }

    private String userUuid() {
        return token().map(TokenClaims::userUuid).orElse(null);
    }

    // ------------------------------------------------------------------ outbound

    /**
     * One of the server's events as this socket's writer takes it from the feed, with {@code wire}
     * the message every socket without a filter of its own sends, encoded once for all of them
     * ({@link ServerFeeds}). The token is checked here, at send time, as Wings' SendJson does.
     */
    void forward(ServerEvent event, ByteBuffer wire, Consumer<ByteBuffer> out) {
        String topic = event.topic();
        if (topic.equals(ServerEvent.DELETED)) {
            out.accept(encode(ConsoleMessage.of(ServerEvent.DELETED, event.data())));
            close(1001, "server deleted");
            return;
        }
        String problem = tokenProblem();
        if (problem != null) {
            out.accept(encode(ConsoleMessage.of("jwt error", problem)));
            return;
        }
        if (topic.equals(ServerEvent.INSTALL_OUTPUT) && !hasPermission("admin.websocket.install")
                || topic.startsWith(ServerEvent.BACKUP_COMPLETED) && !hasPermission("backup.read")
                || topic.equals(ServerEvent.TRANSFER_LOGS) && !hasPermission("admin.websocket.transfer")) {
            return;
        }
        if (topic.startsWith(ServerEvent.BACKUP_COMPLETED)) {
            forwardBackupCompleted(topic, event.data(), out);
            return;
        }
        out.accept(wire);
    }

    /**
     * Both names (spec README): Wings' plain one, and the suffixed one the Panel's backup list
     * listens for, whichever of the two was published.
     */
    private void forwardBackupCompleted(String topic, String data, Consumer<ByteBuffer> out) {
        String uuid = topic.startsWith(ServerEvent.BACKUP_COMPLETED + ":")
                ? topic.substring(ServerEvent.BACKUP_COMPLETED.length() + 1)
                : backupUuid(data);
        out.accept(encode(ConsoleMessage.of(ServerEvent.BACKUP_COMPLETED, data)));
        if (!uuid.isEmpty()) {
            out.accept(encode(ConsoleMessage.of(ServerEvent.BACKUP_COMPLETED + ":" + uuid, data)));
        }
    }

    private String backupUuid(String data) {
        try {
            JsonNode node = context.mapper().readTree(data);
            return node == null ? "" : node.path("uuid").asText("");
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private void checkExpiry() {
        TokenClaims claims = token.get();
        if (claims == null) {
            return;
        }
        long left =
                claims.expiresAt().getEpochSecond() - context.clock().instant().getEpochSecond();
        String notice = left <= 0
                ? "token expired"
                : left <= context.settings().expiringWithin().toSeconds() ? "token expiring" : null;
        if (notice == null) {
            return;
        }
        String problem = tokenProblem();
        send(problem != null ? ConsoleMessage.of("jwt error", problem) : ConsoleMessage.of(notice));
    }

    /**
     * Wings' TokenValid: why the token in place may not be used now, or null. Asked for every
     * event, so the answer is reused while the token, the second (expiry is in whole seconds) and
     * the node's revocations are the same.
     */
    private String tokenProblem() {
        TokenClaims claims = token.get();
        if (claims == null) {
            return NO_JWT;
        }
        long second = context.clock().instant().getEpochSecond();
        long revocations = context.revocations().changes();
        TokenCheck last = lastCheck;
        if (last != null && last.claims() == claims && last.second() == second && last.revocations() == revocations) {
            return last.problem();
        }
        String problem = checkToken(claims);
        lastCheck = new TokenCheck(claims, second, revocations, problem);
        return problem;
    }

    private record TokenCheck(TokenClaims claims, long second, long revocations, String problem) {}

    private String checkToken(TokenClaims claims) {
        try {
            if (claims.isExpiredAt(context.clock().instant())) {
                throw new TokenException(TokenException.Reason.EXPIRED);
            }
            context.revocations().refuseIfRevoked(claims);
        } catch (TokenException e) {
            return e.getMessage();
        }
        if (!claims.hasPermission("websocket.connect")) {
            return TokenException.Reason.MISSING_SCOPE.message();
        }
        if (!claims.serverUuid().equals(server.uuid())) {
            return TokenException.Reason.SERVER_MISMATCH.message();
        }
        return null;
    }

    /** A permission of the token in place; none while that token is revoked. */
    private boolean hasPermission(String permission) {
        TokenClaims claims = token.get();
        return claims != null && tokenProblem() == null && claims.hasPermission(permission);
    }

    /**
     * Spec §1.8: JWT errors in full; anything else in full only to holders of
     * {@code admin.websocket.errors}. The id ties the browser's message to the log line.
     */
    private void sendError(boolean jwtError, String message) {
        String id = UUID.randomUUID().toString();
        if (jwtError) {
            LOG.debug("console socket of {}: error event {}: {}", server.uuid(), id, message);
            send(ConsoleMessage.of("jwt error", "Error Event [" + id + "]: " + message));
            return;
        }
        LOG.error("console socket of {}: error event {}: {}", server.uuid(), id, message);
        String shown = hasPermission("admin.websocket.errors")
                ? HostPaths.scrub(message, context.config().current().system(), server.uuid())
                : GENERIC_ERROR;
        send(ConsoleMessage.of("daemon error", "Error Event [" + id + "]: " + shown));
    }

    void send(ConsoleMessage message) {
        outbox.send(message.encode(context.mapper()));
    }

    private ByteBuffer encode(ConsoleMessage message) {
        return ByteBuffer.wrap(message.encode(context.mapper()).getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ closing

    /** Sends what is queued, then closes the socket with this code. */
    void close(int code, String reason) {
        stop();
        outbox.close(code, reason);
    }

    /** The socket is gone: no more events, no more expiry checks. */
    void stop() {
        closed = true;
        if (joined) {
            context.feeds().leave(server.server(), outbox);
        }
        ScheduledFuture<?> check = expiryCheck;
        if (check != null) {
            check.cancel(false);
        }
    }
}
