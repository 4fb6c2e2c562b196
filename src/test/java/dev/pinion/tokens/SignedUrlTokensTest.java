package dev.pinion.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

/**
 * Signed-URL token rules (spec panel-to-wings-api.md §7.1, §7.2; files-backups-transfers.md §4.1; spec
 * README scope decision; CVE-2026-54593).
 */
class SignedUrlTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final AtomicReference<String> key = new AtomicReference<>("node-token-0123456789abcdefghijklmnopqrstuv");
    private final TokenRevocations revocations = new TokenRevocations(Clock.fixed(NOW, ZoneOffset.UTC));

    private SignedUrlTokens tokens(boolean allowUnscoped) {
        return new SignedUrlTokens(
                new TokenVerifier(key::get, () -> allowUnscoped, Clock.fixed(NOW, ZoneOffset.UTC)), revocations);
    }

    private String token(Consumer<JwtClaims> extra) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setAudience(List.of("https://node:8080"));
        claims.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(NOW.getEpochSecond() - 300));
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() + 900));
        claims.setClaim("unique_id", "abcdefghijklmnop");
        claims.setClaim("server_uuid", "srv");
        claims.setClaim("user_uuid", "u");
        extra.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(key.get().getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    private static void assertRefused(ThrowingCall call, TokenException.Reason reason) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aPanelDownloadTokenGivesItsClaims() throws Exception {
        TokenClaims claims = tokens(false).download(token(c -> {
            c.setClaim("scope", "file-download");
            c.setClaim("file_path", "/logs/latest.log");
            c.setClaim("user_uuid", "u");
        }));
        assertThat(claims.serverUuid()).isEqualTo("srv");
        assertThat(claims.uniqueId()).isEqualTo("abcdefghijklmnop");
        assertThat(claims.filePath()).isEqualTo("/logs/latest.log");
        assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(900));
    }

    @Test
    void onlyExpIsEnforcedAsInWingsSoAPanelClockAheadStillWorks() throws Exception {
        String future = token(c -> {
            c.setClaim("scope", "file-upload");
            c.setNotBefore(NumericDate.fromSeconds(NOW.getEpochSecond() + 600));
            c.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond() + 600));
        });
        assertThat(tokens(false).upload(future).serverUuid()).isEqualTo("srv");
        String expired = token(c -> {
            c.setClaim("scope", "file-upload");
            c.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() - 1));
        });
        String noExp = token(c -> {
            c.setClaim("scope", "file-upload");
            c.unsetClaim("exp");
        });
        assertRefused(() -> tokens(false).upload(expired), TokenException.Reason.EXPIRED);
        assertRefused(() -> tokens(false).upload(noExp), TokenException.Reason.EXPIRED);
    }

    @Test
    void theScopeIsASpaceSeparatedListAndAnotherEndpointsWordIsRefused() throws Exception {
        assertThat(tokens(false)
                        .upload(token(c -> c.setClaim("scope", "websocket file-upload")))
                        .serverUuid())
                .isEqualTo("srv");
        String websocket = token(c -> {
            c.setClaim("scope", "websocket");
            c.setClaim("file_path", "/a");
        });
        assertRefused(() -> tokens(false).download(websocket), TokenException.Reason.MISSING_SCOPE);
        assertRefused(() -> tokens(false).upload(websocket), TokenException.Reason.MISSING_SCOPE);
    }

    @Test
    void theLiveNodeTokenIsTheKeySoARotationInvalidatesOldTokens() throws Exception {
        String token = token(c -> c.setClaim("scope", "file-upload"));
        key.set("rotated-node-token-0123456789abcdefghijklmnopq");
        assertRefused(() -> tokens(false).upload(token), TokenException.Reason.SIGNATURE);
    }

    @Test
    void unscopedTokensAreRefusedUnlessAllowedAndThenOnlyForTheirOwnEndpoint() throws Exception {
        String upload = token(c -> {});
        assertRefused(() -> tokens(false).upload(upload), TokenException.Reason.MISSING_SCOPE);
        assertThat(tokens(true).upload(upload).serverUuid()).isEqualTo("srv");

        String websocket = token(c -> c.setClaim("permissions", List.of("*")));
        String download = token(c -> c.setClaim("file_path", "/a"));
        String backup = token(c -> c.setClaim("backup_uuid", "b"));
        for (String other : List.of(websocket, download, backup)) {
            assertRefused(() -> tokens(true).upload(other), TokenException.Reason.MALFORMED);
        }
        assertRefused(() -> tokens(true).download(websocket), TokenException.Reason.MALFORMED);
        assertThat(tokens(true).download(download).filePath()).isEqualTo("/a");
    }

    @Test
    void aDownloadWithoutAFilePathOrATokenWithoutAUniqueIdIsInvalid() throws Exception {
        String noPath = token(c -> c.setClaim("scope", "file-download"));
        String noUnique = token(c -> {
            c.setClaim("scope", "file-upload");
            c.unsetClaim("unique_id");
        });
        assertRefused(() -> tokens(false).download(noPath), TokenException.Reason.MALFORMED);
        assertRefused(() -> tokens(false).upload(noUnique), TokenException.Reason.MALFORMED);
    }

    @Test
    void aDeauthorizedUsersOlderTokensAreRefused() throws Exception {
        String token = token(c -> {
            c.setClaim("scope", "file-download");
            c.setClaim("file_path", "/a");
            c.setClaim("user_uuid", "user-1");
        });
        revocations.deauthorize("user-1", List.of("srv"));
        assertRefused(() -> tokens(false).download(token), TokenException.Reason.DENIED);
    }

    @Test
    void oneTimeMemoryBindsDownloadsToTheFirstClientAndUsesUploadsUp() throws Exception {
        TokenClaims claims = tokens(false).download(token(c -> {
            c.setClaim("scope", "file-download");
            c.setClaim("file_path", "/a");
        }));
        OneTimeTokens memory = new OneTimeTokens(Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(memory.mayPeek(claims, "10.0.0.1")).isTrue();
        assertThat(memory.bindDownload(claims, "10.0.0.2")).isTrue();
        assertThat(memory.mayPeek(claims, "10.0.0.1")).isFalse();
        assertThat(memory.bindDownload(claims, "10.0.0.1")).isFalse();
        assertThat(memory.bindDownload(claims, "10.0.0.2")).isTrue();
        TokenClaims upload = tokens(false).upload(token(c -> {
            c.setClaim("scope", "file-upload");
            c.setClaim("unique_id", "upload-id");
        }));
        assertThat(memory.consume(upload)).isTrue();
        assertThat(memory.consume(upload)).isFalse();
    }
}
