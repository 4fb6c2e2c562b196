package dev.pinion.api.files;

import dev.pinion.testing.TestNode;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * JWTs exactly as the Panel signs them (spec panel-to-wings-api.md §7.1): HS256 by the node token, jti in
 * the header, aud as an array, integer dates, nbf five minutes back, a fresh 16-character unique_id.
 */
final class PanelTokens {
    private PanelTokens() {
    }

    static String fileDownload(String server, String path) {
        return sign(c -> {
            c.setClaim("server_uuid", server);
            c.setClaim("file_path", path);
            c.setClaim("scope", "file-download");
        });
    }

    static String upload(String server) {
        return sign(c -> {
            c.setClaim("server_uuid", server);
            c.setClaim("scope", "file-upload");
        });
    }

    static String sign(Consumer<JwtClaims> extra) {
        return sign(TestNode.TOKEN, extra);
    }

    static String sign(String key, Consumer<JwtClaims> extra) {
        JwtClaims claims = new JwtClaims();
        long now = System.currentTimeMillis() / 1000;
        claims.setIssuer("http://panel.test");
        claims.setAudience(List.of("http://127.0.0.1:8080"));
        claims.setJwtId("0123456789abcdef0123456789abcdef");
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setNotBefore(NumericDate.fromSeconds(now - 300));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 900));
        claims.setClaim("unique_id", UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        claims.setClaim("user_uuid", UUID.randomUUID().toString());
        claims.setClaim("user_id", 1);
        extra.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setHeader("jti", "0123456789abcdef0123456789abcdef");
        jws.setKey(new HmacKey(key.getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
