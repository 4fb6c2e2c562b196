package dev.pinion.tokens.signedurl;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signed-URL token rules (spec panel-to-wings-api.md §7.1, §7.2; files-backups-transfers.md §4.1; spec
 * README scope decision; CVE-2026-54593 / GHSA-8r6w-3qq5-4p4r).
 */
class SignedUrlVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final AtomicReference<String> key = new AtomicReference<>("node-token-0123456789abcdefghijklmnopqrstuv");

    private SignedUrlVerifier verifier(boolean allowUnscoped) {
        return new SignedUrlVerifier(key::get, () -> allowUnscoped, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private String token(Consumer<JwtClaims> extra) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setAudience(List.of("https://node:8080"));
        claims.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(NOW.getEpochSecond() - 300));
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() + 900));
        claims.setClaim("unique_id", "abcdefghijklmnop");
        claims.setClaim("server_uuid", "srv");
        extra.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(key.get().getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    @Test
    void aPanelTokenWithTheRightScopeGivesItsClaims() throws Exception {
        SignedUrlClaims claims = verifier(false).verify(token(c -> {
            c.setClaim("scope", "file-download");
            c.setClaim("file_path", "/logs/latest.log");
            c.setClaim("user_uuid", "u");
        }), SignedUrlScope.FILE_DOWNLOAD);
        assertThat(claims.serverUuid()).isEqualTo("srv");
        assertThat(claims.uniqueId()).isEqualTo("abcdefghijklmnop");
        assertThat(claims.filePath()).hasValue("/logs/latest.log");
        assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(900));
    }

    @Test
    void onlyExpIsEnforcedAsInWingsSoAPanelClockAheadStillWorks() throws Exception {
        String future = token(c -> {
            c.setClaim("scope", "file-upload");
            c.setNotBefore(NumericDate.fromSeconds(NOW.getEpochSecond() + 600));
            c.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond() + 600));
        });
        assertThat(verifier(false).verify(future, SignedUrlScope.FILE_UPLOAD).serverUuid()).isEqualTo("srv");
        String expired = token(c -> {
            c.setClaim("scope", "file-upload");
            c.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond()));
        });
        String noExp = token(c -> {
            c.setClaim("scope", "file-upload");
            c.unsetClaim("exp");
        });
        String textExp = token(c -> {
            c.setClaim("scope", "file-upload");
            c.setClaim("exp", "tomorrow");
        });
        for (String token : List.of(expired, noExp, textExp)) {
            assertThatThrownBy(() -> verifier(false).verify(token, SignedUrlScope.FILE_UPLOAD))
                    .isInstanceOfSatisfying(SignedUrlRefusal.class, r -> assertThat(r.reason()).isEqualTo(SignedUrlRefusal.Reason.INVALID));
        }
    }

    @Test
    void theScopeIsASpaceSeparatedList() throws Exception {
        String token = token(c -> c.setClaim("scope", "websocket file-upload"));
        assertThat(verifier(false).verify(token, SignedUrlScope.FILE_UPLOAD).serverUuid()).isEqualTo("srv");
    }

    @Test
    void theLiveNodeTokenIsTheKeySoARotationInvalidatesOldTokens() throws Exception {
        String token = token(c -> c.setClaim("scope", "file-upload"));
        key.set("rotated-node-token-0123456789abcdefghijklmnopq");
        assertThatThrownBy(() -> verifier(false).verify(token, SignedUrlScope.FILE_UPLOAD))
                .isInstanceOfSatisfying(SignedUrlRefusal.class, r -> assertThat(r.reason()).isEqualTo(SignedUrlRefusal.Reason.INVALID));
    }

    @Test
    void unscopedTokensAreRefusedUnlessAllowed() throws Exception {
        String upload = token(c -> { });
        assertThatThrownBy(() -> verifier(false).verify(upload, SignedUrlScope.FILE_UPLOAD))
                .isInstanceOfSatisfying(SignedUrlRefusal.class, r -> assertThat(r.reason()).isEqualTo(SignedUrlRefusal.Reason.WRONG_SCOPE));
        assertThat(verifier(true).verify(upload, SignedUrlScope.FILE_UPLOAD).serverUuid()).isEqualTo("srv");
    }

    @Test
    void allowedUnscopedTokensOfAnotherTypeAreStillRefused() throws Exception {
        String websocket = token(c -> c.setClaim("permissions", List.of("*")));
        String download = token(c -> c.setClaim("file_path", "/a"));
        String backup = token(c -> c.setClaim("backup_uuid", "b"));
        for (String token : List.of(websocket, download, backup)) {
            assertThatThrownBy(() -> verifier(true).verify(token, SignedUrlScope.FILE_UPLOAD)).isInstanceOf(SignedUrlRefusal.class);
        }
        assertThatThrownBy(() -> verifier(true).verify(websocket, SignedUrlScope.FILE_DOWNLOAD)).isInstanceOf(SignedUrlRefusal.class);
        assertThat(verifier(true).verify(download, SignedUrlScope.FILE_DOWNLOAD).filePath()).hasValue("/a");
    }

    @Test
    void aDownloadTokenWithoutAFilePathOrAUniqueIdIsInvalid() throws Exception {
        String noPath = token(c -> c.setClaim("scope", "file-download"));
        String noUnique = token(c -> {
            c.setClaim("scope", "file-upload");
            c.unsetClaim("unique_id");
        });
        assertThatThrownBy(() -> verifier(false).verify(noPath, SignedUrlScope.FILE_DOWNLOAD)).isInstanceOf(SignedUrlRefusal.class);
        assertThatThrownBy(() -> verifier(false).verify(noUnique, SignedUrlScope.FILE_UPLOAD)).isInstanceOf(SignedUrlRefusal.class);
    }

    @Test
    void oneTimeMemoryBindsDownloadsToTheFirstClientAndUsesUploadsUp() throws Exception {
        SignedUrlClaims claims = verifier(false).verify(token(c -> {
            c.setClaim("scope", "file-download");
            c.setClaim("file_path", "/a");
        }), SignedUrlScope.FILE_DOWNLOAD);
        OneTimeTokens memory = new OneTimeTokens(Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(memory.mayPeek(claims, "10.0.0.1")).isTrue();
        assertThat(memory.bindDownload(claims, "10.0.0.2")).isTrue();
        assertThat(memory.mayPeek(claims, "10.0.0.1")).isFalse();
        assertThat(memory.bindDownload(claims, "10.0.0.1")).isFalse();
        assertThat(memory.bindDownload(claims, "10.0.0.2")).isTrue();
        SignedUrlClaims upload = new SignedUrlClaims("srv", "upload-id", NOW.plusSeconds(60), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty());
        assertThat(memory.consume(upload)).isTrue();
        assertThat(memory.consume(upload)).isFalse();
    }
}
