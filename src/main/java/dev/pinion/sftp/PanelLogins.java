package dev.pinion.sftp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.pinion.panel.PanelCallException;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.SftpAuthRequest;
import dev.pinion.panel.SftpAuthResponse;
import dev.pinion.panel.SftpInvalidCredentialsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the Panel whether SFTP credentials are good (spec websocket-sftp-activity.md §2.5): the user name
 * shape is checked locally first; every 4xx from the Panel (403 wrong credentials or no
 * {@code file.sftp}, 409 suspended, 422, 429 throttled) is an ordinary refusal, never retried; 5xx and
 * network failures were already retried by the Panel client and also refuse the login. A "yes" is kept
 * for a short time keyed by a hash of (user name, method, secret), so a client opening several connections
 * does not call the Panel for each; {@link #forgetUser} drops a user's entries at once on revocation.
 * The cache is bounded in size, so a flood of distinct credentials cannot grow it.
 */
public final class PanelLogins {
    private static final Logger LOG = LoggerFactory.getLogger(PanelLogins.class);

    /** The Panel's answer for one attempt, and whether the credentials were refused (vs. Panel unavailable). */
    public record Outcome(Optional<SftpAuthResponse> accepted, boolean refused) {
        static Outcome ok(SftpAuthResponse response) {
            return new Outcome(Optional.of(response), false);
        }

        static final Outcome REFUSED = new Outcome(Optional.empty(), true);
        static final Outcome UNAVAILABLE = new Outcome(Optional.empty(), false);
    }

    private final PanelClient panel;
    private final Cache<String, SftpAuthResponse> accepted;

    public PanelLogins(PanelClient panel, Duration cacheTtl, Clock clock) {
        this.panel = panel;
        Ticker ticker = () -> {
            var now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
        this.accepted = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(cacheTtl.isZero() ? Duration.ofNanos(1) : cacheTtl)
                .maximumSize(cacheTtl.isZero() ? 0 : 10_000)
                .executor(Runnable::run)
                .build();
    }

    /**
     * One login attempt. {@code secret} is the password or the authorized_keys line; {@code ip} is the
     * client's {@code host:port}.
     */
    public Outcome check(
            String type, String username, String secret, String ip, byte[] sessionId, byte[] clientVersion) {
        if (SftpUsername.parse(username).isEmpty()) {
            return Outcome.REFUSED;
        }
        String key = cacheKey(type, username, secret);
        SftpAuthResponse cached = accepted.getIfPresent(key);
        if (cached != null) {
            return Outcome.ok(cached);
        }
        SftpAuthRequest request = SftpAuthRequest.PASSWORD.equals(type)
                ? SftpAuthRequest.password(username, secret, ip, sessionId, clientVersion)
                : SftpAuthRequest.publicKey(username, secret, ip, sessionId, clientVersion);
        try {
            SftpAuthResponse response = panel.validateSftpCredentials(request);
            if (response.user() == null || response.user().isBlank()) {
                LOG.error(
                        "sftp: mismatched Wings and Panel versions - Panel 1.10 is required for this version of Wings.");
                return Outcome.UNAVAILABLE;
            }
            if (response.server() == null || response.server().isBlank()) {
                return Outcome.REFUSED;
            }
            accepted.put(key, response);
            return Outcome.ok(response);
        } catch (SftpInvalidCredentialsException e) {
            return Outcome.REFUSED;
        } catch (PanelCallException e) {
            LOG.warn("sftp: could not validate credentials of {} with the Panel: {}", username, e.getMessage());
            return Outcome.UNAVAILABLE;
        }
    }

    /** Forgets every cached "yes" of this user (deauthorize-user, password change, removal). */
    public void forgetUser(String userUuid) {
        accepted.asMap().values().removeIf(response -> userUuid.equals(response.user()));
    }

    /** Forgets every cached "yes" for this server (deleted or suspended). */
    public void forgetServer(String serverUuid) {
        accepted.asMap().values().removeIf(response -> serverUuid.equals(response.server()));
    }

    private static String cacheKey(String type, String username, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {type, username, secret}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
