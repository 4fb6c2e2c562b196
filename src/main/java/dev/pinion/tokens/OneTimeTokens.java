package dev.pinion.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-time memory of signed-URL {@code unique_id}s (spec README decision "resumable signed
 * downloads"; panel-to-wings-api.md §7.2). Uploads use an id up at once. A download's first GET binds
 * the id to the client address; later GET/HEAD from that address are allowed until the token expires,
 * so a download can resume; any other address is refused. HEAD alone never binds. Ids are remembered
 * until their token expires (plus a margin), after which the token itself is refused anyway.
 */
public final class OneTimeTokens {
    private static final Duration MARGIN = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, Use> seen = new ConcurrentHashMap<>();

    public OneTimeTokens(Clock clock) {
        this.clock = clock;
    }

    private record Use(String clientAddress, Instant forgetAfter) {}

    /** Upload: true the first time an id is seen, false on any replay. */
    public boolean consume(TokenClaims claims) {
        forgetExpired();
        return seen.putIfAbsent(claims.uniqueId(), new Use(null, forgetAfter(claims))) == null;
    }

    /** Download GET: binds an unused id to {@code client}; true if the id is (now) bound to it. */
    public boolean bindDownload(TokenClaims claims, String client) {
        forgetExpired();
        Use use = seen.computeIfAbsent(claims.uniqueId(), id -> new Use(client, forgetAfter(claims)));
        return client.equals(use.clientAddress());
    }

    /** Download HEAD: true if the id is unused or bound to {@code client}; never binds. */
    public boolean mayPeek(TokenClaims claims, String client) {
        forgetExpired();
        Use use = seen.get(claims.uniqueId());
        return use == null || client.equals(use.clientAddress());
    }

    private Instant forgetAfter(TokenClaims claims) {
        Instant now = clock.instant();
        Instant expires = claims.expiresAt().isAfter(now) ? claims.expiresAt() : now;
        return expires.plus(MARGIN);
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        seen.values().removeIf(use -> use.forgetAfter().isBefore(now));
    }
}
