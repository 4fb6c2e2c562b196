package dev.pinion.tokens;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the node remembers about revoked tokens, in memory (a restart revokes everything through
 * the boot-time rule): the jti deny list of {@code ws/deny} and the per user and server revocation
 * times of {@code deauthorize-user} (spec websocket-sftp-activity.md §1.10, panel-to-wings-api.md
 * §3.5). Listeners (open consoles, SFTP sessions) are told so they can drop what they hold.
 */
public final class TokenRevocations {
    /** Told about every revocation as it is recorded. */
    public interface Listener {
        void jtiDenied(String jti);

        /** {@code servers} empty means every server. */
        void userDeauthorized(String userUuid, List<String> servers);
    }

    // Stands for "every server" in the user map: deauthorize-user with no server list.
    private static final String ALL_SERVERS = "*";

    private final Clock clock;
    private final Instant bootTime;
    private final Map<String, Instant> deniedJtis = new ConcurrentHashMap<>();
    private final Map<String, Instant> deauthorizedUsers = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong changes = new AtomicLong();

    /** Tokens issued before now (this process's start) are refused from here on. */
    public TokenRevocations(Clock clock) {
        this.clock = clock;
        this.bootTime = clock.instant();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Denies every token with this jti issued before now (Wings: strictly before). */
    public void denyJti(String jti) {
        deniedJtis.put(jti, clock.instant());
        changes.incrementAndGet();
        listeners.forEach(l -> l.jtiDenied(jti));
    }

    /** Revokes the user's tokens issued at or before now, on the listed servers or on all of them. */
    public void deauthorize(String userUuid, List<String> servers) {
        Instant now = clock.instant();
        if (servers.isEmpty()) {
            deauthorizedUsers.put(key(ALL_SERVERS, userUuid), now);
        }
        servers.forEach(server -> deauthorizedUsers.put(key(server, userUuid), now));
        changes.incrementAndGet();
        listeners.forEach(l -> l.userDeauthorized(userUuid, List.copyOf(servers)));
    }

    /**
     * How many revocations were recorded so far: a check made when this was the same still holds
     * (consoles check their token on every event and reuse the answer).
     */
    public long changes() {
        return changes.get();
    }

    /**
     * The WebSocket deny rules: a token with no {@code iat}, issued before this process started
     * (to the nanosecond, so the boot second itself is refused), before its jti's deny time, or
     * before its user's revocation.
     */
    public void refuseIfRevoked(TokenClaims claims) throws TokenException {
        Optional<Instant> issued = claims.issuedAt();
        if (issued.isEmpty() || issued.get().isBefore(bootTime)) {
            throw new TokenException(TokenException.Reason.DENIED);
        }
        Instant denied = deniedJtis.get(claims.jti());
        if (denied != null && issued.get().isBefore(denied)) {
            throw new TokenException(TokenException.Reason.DENIED);
        }
        refuseIfUserRevoked(claims);
    }

    /**
     * The user rule alone, for signed-URL tokens: refused when issued in or before the second the
     * user was deauthorized on this token's server (or on every server). A token without
     * {@code iat} or user cannot be told apart from an old one and is refused too.
     */
    public void refuseIfUserRevoked(TokenClaims claims) throws TokenException {
        if (claims.issuedAt().isEmpty() || claims.userUuid().isEmpty()) {
            throw new TokenException(TokenException.Reason.DENIED);
        }
        long issued = claims.issuedAt().get().getEpochSecond();
        for (String server : List.of(claims.serverUuid(), ALL_SERVERS)) {
            Instant revoked = deauthorizedUsers.get(key(server, claims.userUuid()));
            if (revoked != null && issued <= revoked.getEpochSecond()) {
                throw new TokenException(TokenException.Reason.DENIED);
            }
        }
    }

    private static String key(String server, String user) {
        return server + ":" + user;
    }
}
