package dev.pinion.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Signs tokens exactly as the Panel's NodeJWTService does (spec panel-to-wings-api.md §7.1): HS256
 * with the node token, {@code typ} and {@code jti} in the header, {@code aud} as a one-element
 * array, integer dates, {@code nbf} five minutes back, jti = md5(user id . server uuid). One builder
 * for every kind the tests need: console, file download, upload, and hand-shaped ones.
 */
public final class PanelTokens {
    public static final List<String> ROOT_ADMIN =
            List.of("*", "admin.websocket.errors", "admin.websocket.install", "admin.websocket.transfer");
    public static final List<String> OWNER = List.of("*");

    private String key = TestNode.TOKEN;
    private String serverUuid;
    private String userUuid = UUID.randomUUID().toString();
    private int userId = 1;
    private List<String> permissions = OWNER;
    private String scope = "websocket";
    private Instant issuedAt = Instant.now();
    private Instant expiresAt;
    private long lifetimeSeconds = 600;
    private String jti;
    private final Map<String, Object> extraClaims = new LinkedHashMap<>();
    private Consumer<JwtClaims> adjust = claims -> {};

    private PanelTokens(String serverUuid) {
        this.serverUuid = serverUuid;
    }

    /** A console token for this server, owned by a fresh user, valid for the Panel's 10 minutes. */
    public static PanelTokens websocket(String serverUuid) {
        return new PanelTokens(serverUuid);
    }

    /** A {@code /download/file} token for one file, valid for the Panel's 15 minutes. */
    public static PanelTokens fileDownload(String serverUuid, String path) {
        PanelTokens token = signedUrl(serverUuid, "file-download");
        token.extraClaims.put("file_path", path);
        return token;
    }

    /** A {@code /download/backup} token for one local backup, valid for the Panel's 15 minutes. */
    public static PanelTokens backupDownload(String serverUuid, String backupUuid) {
        PanelTokens token = signedUrl(serverUuid, "backup-download");
        token.extraClaims.put("backup_uuid", backupUuid);
        return token;
    }

    /** A {@code /upload/file} token, valid for the Panel's 15 minutes. */
    public static PanelTokens upload(String serverUuid) {
        return signedUrl(serverUuid, "file-upload");
    }

    /**
     * A token with only the claims every Panel token has (iss, aud, jti, dates, unique_id, user), shaped
     * further by {@code adjust}, which runs last and may set or unset anything.
     */
    public static PanelTokens raw(Consumer<JwtClaims> adjust) {
        PanelTokens token = signedUrl(null, null);
        token.adjust = adjust;
        return token;
    }

    private static PanelTokens signedUrl(String serverUuid, String scope) {
        PanelTokens token = new PanelTokens(serverUuid);
        token.permissions = null;
        token.scope = scope;
        token.lifetimeSeconds = 900;
        return token;
    }

    public PanelTokens user(String uuid, int id) {
        this.userUuid = uuid;
        this.userId = id;
        return this;
    }

    public PanelTokens permissions(String... granted) {
        this.permissions = List.of(granted);
        return this;
    }

    public PanelTokens permissions(List<String> granted) {
        this.permissions = List.copyOf(granted);
        return this;
    }

    /** {@code null} leaves the claim out, as Panels older than the scope fix do. */
    public PanelTokens scope(String words) {
        this.scope = words;
        return this;
    }

    public PanelTokens issuedAt(Instant at) {
        this.issuedAt = at;
        return this;
    }

    public PanelTokens expiresAt(Instant at) {
        this.expiresAt = at;
        return this;
    }

    public PanelTokens server(String uuid) {
        this.serverUuid = uuid;
        return this;
    }

    public PanelTokens key(String nodeToken) {
        this.key = nodeToken;
        return this;
    }

    /** The jti the Panel would put in this token (and send to ws/deny). */
    public String jti() {
        return jti != null ? jti : md5(userId + serverUuid);
    }

    public String userUuid() {
        return userUuid;
    }

    public String sign() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("http://panel.example.com");
        claims.setClaim("aud", new ArrayList<>(List.of("http://127.0.0.1:8080")));
        claims.setJwtId(jti());
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(issuedAt.getEpochSecond() - 300));
        Instant exp = expiresAt != null ? expiresAt : issuedAt.plusSeconds(lifetimeSeconds);
        claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
        if (serverUuid != null) {
            claims.setClaim("server_uuid", serverUuid);
        }
        if (permissions != null) {
            claims.setClaim("permissions", new ArrayList<>(permissions));
        }
        claims.setClaim("user_uuid", userUuid);
        claims.setClaim("user_id", userId);
        claims.setClaim(
                "unique_id", UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        if (scope != null) {
            claims.setClaim("scope", scope);
        }
        extraClaims.forEach(claims::setClaim);
        adjust.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("jti", jti());
        jws.setPayload(claims.toJson());
        jws.setKey(new HmacKey(key.getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String md5(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
