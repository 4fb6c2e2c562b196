package dev.pinion.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

/** Verifying Panel-signed tokens (spec panel-to-wings-api.md §7.1–7.2, README scope rule). */
class TokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final AtomicReference<String> key = new AtomicReference<>(TestNode.TOKEN);
    private final AtomicBoolean allowUnscoped = new AtomicBoolean();
    private final String server = UUID.randomUUID().toString();

    private TokenVerifier verifier(Instant now) {
        return new TokenVerifier(key::get, allowUnscoped::get, Clock.fixed(now, ZoneOffset.UTC));
    }

    private PanelTokens token() {
        return PanelTokens.websocket(server).issuedAt(NOW);
    }

    private TokenException.Reason refusal(String token, TokenScope scope, Instant now) {
        try {
            verifier(now).verify(token, scope);
            throw new AssertionError("accepted");
        } catch (TokenException e) {
            return e.reason();
        }
    }

    @Test
    void panelTokenYieldsItsTypedClaims() throws Exception {
        PanelTokens panel = token().permissions(PanelTokens.ROOT_ADMIN);
        TokenClaims claims = verifier(NOW).verify(panel.sign(), TokenScope.WEBSOCKET);
        assertThat(claims.serverUuid()).isEqualTo(server);
        assertThat(claims.userUuid()).isEqualTo(panel.userUuid());
        assertThat(claims.jti()).isEqualTo(panel.jti());
        assertThat(claims.issuedAt()).contains(NOW);
        assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(600));
        assertThat(claims.scopes()).containsExactly("websocket");
        assertThat(claims.uniqueId()).hasSize(16);
        assertThat(claims.permissions()).containsExactlyElementsOf(PanelTokens.ROOT_ADMIN);
    }

    @Test
    void tokenIsValidThroughItsExpirySecondAndNotAfter() {
        String signed = token().expiresAt(NOW.plusSeconds(10)).sign();
        assertThat(refusalOrNull(signed, NOW.plusSeconds(10).plusMillis(999))).isNull();
        assertThat(refusal(signed, TokenScope.WEBSOCKET, NOW.plusSeconds(11))).isEqualTo(TokenException.Reason.EXPIRED);
    }

    private TokenException.Reason refusalOrNull(String token, Instant now) {
        try {
            verifier(now).verify(token, TokenScope.WEBSOCKET);
            return null;
        } catch (TokenException e) {
            return e.reason();
        }
    }

    @Test
    void wrongKeyIsASignatureFailure() {
        assertThat(refusal(token().key("another-node-token-0123456789abcdef").sign(), TokenScope.WEBSOCKET, NOW))
                .isEqualTo(TokenException.Reason.SIGNATURE);
    }

    @Test
    void nodeTokenIsReadLiveSoAnUpdatedTokenVerifiesAtOnce() {
        String signed = token().key("the-new-node-token-0123456789abcdef").sign();
        assertThat(refusal(signed, TokenScope.WEBSOCKET, NOW)).isEqualTo(TokenException.Reason.SIGNATURE);
        key.set("the-new-node-token-0123456789abcdef");
        assertThat(refusalOrNull(signed, NOW)).isNull();
    }

    @Test
    void garbageIsMalformedAndNotAJwtError() throws Exception {
        for (String garbage : new String[] {"", "abc", "a.b.c", null}) {
            TokenException.Reason reason = refusal(garbage, TokenScope.WEBSOCKET, NOW);
            assertThat(reason).isEqualTo(TokenException.Reason.MALFORMED);
            assertThat(new TokenException(reason).isJwtError()).isFalse();
        }
    }

    @Test
    void unsignedAlgNoneTokenIsRefused() {
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String body = token().sign().split("\\.")[1];
        assertThat(refusal(header + "." + body + ".", TokenScope.WEBSOCKET, NOW))
                .isIn(TokenException.Reason.MALFORMED, TokenException.Reason.SIGNATURE);
    }

    @Test
    void otherAlgorithmThanHs256IsRefused() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA512);
        jws.setPayload("{\"exp\":" + (NOW.getEpochSecond() + 60) + ",\"scope\":\"websocket\"}");
        jws.setKey(new HmacKey(TestNode.TOKEN.getBytes(StandardCharsets.UTF_8)));
        assertThat(refusal(jws.getCompactSerialization(), TokenScope.WEBSOCKET, NOW))
                .isEqualTo(TokenException.Reason.MALFORMED);
    }

    @Test
    void missingExpiryIsAnExpiryError() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setPayload("{\"iat\":" + NOW.getEpochSecond() + ",\"scope\":\"websocket\"}");
        jws.setKey(new HmacKey(TestNode.TOKEN.getBytes(StandardCharsets.UTF_8)));
        assertThat(refusal(jws.getCompactSerialization(), TokenScope.WEBSOCKET, NOW))
                .isEqualTo(TokenException.Reason.EXPIRED);
    }

    @Test
    void tokenIsRefusedAtAnEndpointWhoseScopeWordItLacks() {
        String download = token().scope("file-download").sign();
        assertThat(refusal(download, TokenScope.WEBSOCKET, NOW)).isEqualTo(TokenException.Reason.MISSING_SCOPE);
        assertThat(refusal(download, TokenScope.FILE_UPLOAD, NOW)).isEqualTo(TokenException.Reason.MISSING_SCOPE);
        assertThat(refusalOrNullFor(download, TokenScope.FILE_DOWNLOAD)).isNull();
    }

    private TokenException.Reason refusalOrNullFor(String token, TokenScope scope) {
        try {
            verifier(NOW).verify(token, scope);
            return null;
        } catch (TokenException e) {
            return e.reason();
        }
    }

    @Test
    void unscopedTokenIsRefusedUnlessTheOperatorAllowsIt() {
        String unscoped = token().scope(null).sign();
        assertThat(refusal(unscoped, TokenScope.WEBSOCKET, NOW)).isEqualTo(TokenException.Reason.MISSING_SCOPE);
        allowUnscoped.set(true);
        assertThat(refusalOrNullFor(unscoped, TokenScope.WEBSOCKET)).isNull();
        assertThat(refusalOrNullFor(unscoped, TokenScope.FILE_DOWNLOAD)).isNull();
        // an explicit scope is still enforced
        assertThat(refusal(token().scope("file-upload").sign(), TokenScope.WEBSOCKET, NOW))
                .isEqualTo(TokenException.Reason.MISSING_SCOPE);
    }

    @Test
    void starGrantsEverythingButAdminPermissions() throws Exception {
        TokenClaims owner = verifier(NOW).verify(token().permissions("*").sign(), TokenScope.WEBSOCKET);
        assertThat(owner.hasPermission("control.console")).isTrue();
        assertThat(owner.hasPermission("admin.websocket.errors")).isFalse();
        TokenClaims subuser = verifier(NOW)
                .verify(token().permissions(List.of("websocket.connect")).sign(), TokenScope.WEBSOCKET);
        assertThat(subuser.hasPermission("websocket.connect")).isTrue();
        assertThat(subuser.hasPermission("control.console")).isFalse();
    }
}
