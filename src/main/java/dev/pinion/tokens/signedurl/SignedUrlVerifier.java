package dev.pinion.tokens.signedurl;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Verifies the tokens of {@code /download/*} and {@code /upload/file} (spec panel-to-wings-api.md §7.1,
 * §7.2; files-backups-transfers.md §4.1): HS256 keyed by the live node token, {@code exp} required, and
 * the endpoint's {@code scope} word required (CVE-2026-54593 / GHSA-8r6w-3qq5-4p4r). A token with no
 * scope is refused unless the operator opted in, and even then must not carry another type's claims.
 * {@code nbf}, {@code iat}, {@code iss} and {@code aud} are not checked, as Wings does not.
 */
public final class SignedUrlVerifier {
    private final Supplier<String> nodeToken;
    private final BooleanSupplier allowUnscoped;
    private final Clock clock;

    public SignedUrlVerifier(Supplier<String> nodeToken, BooleanSupplier allowUnscoped, Clock clock) {
        this.nodeToken = nodeToken;
        this.allowUnscoped = allowUnscoped;
        this.clock = clock;
    }

    public SignedUrlClaims verify(String token, SignedUrlScope scope) throws SignedUrlRefusal {
        if (token == null || token.isEmpty()) {
            throw new SignedUrlRefusal(SignedUrlRefusal.Reason.INVALID, "no token");
        }
        JwtClaims claims = parse(token);
        try {
            checkScope(claims, scope);
            String server = requiredString(claims, "server_uuid");
            String uniqueId = requiredString(claims, "unique_id");
            Optional<String> filePath = optionalString(claims, "file_path");
            if (scope == SignedUrlScope.FILE_DOWNLOAD && filePath.isEmpty()) {
                throw invalid("file_path missing");
            }
            Optional<String> backup = optionalString(claims, "backup_uuid");
            if (scope == SignedUrlScope.BACKUP_DOWNLOAD && backup.isEmpty()) {
                throw invalid("backup_uuid missing");
            }
            Instant exp = Instant.ofEpochSecond(claims.getExpirationTime().getValue());
            return new SignedUrlClaims(server, uniqueId, exp, optionalString(claims, "user_uuid"), filePath, backup);
        } catch (MalformedClaimException e) {
            throw new SignedUrlRefusal(SignedUrlRefusal.Reason.INVALID, "malformed claim", e);
        }
    }

    private JwtClaims parse(String token) throws SignedUrlRefusal {
        byte[] key = nodeToken.get().getBytes(StandardCharsets.UTF_8);
        // Only the signature is checked here; exp is checked below and nbf/iat/iss/aud not at all, as in
        // Wings, so a Panel whose clock runs a few minutes ahead still works.
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setSkipAllValidators()
                .setVerificationKey(new HmacKey(key))
                // Node tokens may be shorter than 256 bits; the Panel signs with them regardless.
                .setRelaxVerificationKeyValidation()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token);
            NumericDate exp = claims.getExpirationTime();
            if (exp == null || exp.getValueInMillis() <= clock.millis()) {
                throw new SignedUrlRefusal(SignedUrlRefusal.Reason.INVALID, "token expired or without exp");
            }
            return claims;
        } catch (MalformedClaimException e) {
            throw new SignedUrlRefusal(SignedUrlRefusal.Reason.INVALID, "exp is not a number", e);
        } catch (InvalidJwtException e) {
            throw new SignedUrlRefusal(SignedUrlRefusal.Reason.INVALID, "token not valid", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private void checkScope(JwtClaims claims, SignedUrlScope scope) throws SignedUrlRefusal, MalformedClaimException {
        Object raw = claims.getClaimValue("scope");
        if (raw == null) {
            if (!allowUnscoped.getAsBoolean()) {
                throw new SignedUrlRefusal(SignedUrlRefusal.Reason.WRONG_SCOPE, "token has no scope claim");
            }
            checkUnscopedShape(claims, scope);
            return;
        }
        if (!(raw instanceof String words)) {
            throw new SignedUrlRefusal(SignedUrlRefusal.Reason.WRONG_SCOPE, "scope claim is not a string");
        }
        boolean granted = Arrays.stream(words.trim().split("\\s+")).anyMatch(scope.word()::equals);
        if (!granted) {
            throw new SignedUrlRefusal(SignedUrlRefusal.Reason.WRONG_SCOPE, "token not signed for " + scope.word());
        }
    }

    /** Without a scope, a token of another type is told apart by its claims (spec §4.1, token confusion). */
    private static void checkUnscopedShape(JwtClaims claims, SignedUrlScope scope) throws SignedUrlRefusal {
        boolean permissions = claims.hasClaim("permissions");
        boolean filePath = claims.hasClaim("file_path");
        boolean backup = claims.hasClaim("backup_uuid");
        boolean ok = switch (scope) {
            case FILE_UPLOAD -> !permissions && !filePath && !backup;
            case FILE_DOWNLOAD -> filePath && !permissions && !backup;
            case BACKUP_DOWNLOAD -> backup && !permissions && !filePath;
        };
        if (!ok) {
            throw new SignedUrlRefusal(SignedUrlRefusal.Reason.WRONG_SCOPE, "unscoped token of another type");
        }
    }

    private static String requiredString(JwtClaims claims, String name) throws SignedUrlRefusal, MalformedClaimException {
        return optionalString(claims, name).filter(s -> !s.isEmpty()).orElseThrow(() -> invalid(name + " missing"));
    }

    private static Optional<String> optionalString(JwtClaims claims, String name) throws MalformedClaimException {
        return Optional.ofNullable(claims.getStringClaimValue(name));
    }

    private static SignedUrlRefusal invalid(String detail) {
        return new SignedUrlRefusal(SignedUrlRefusal.Reason.INVALID, detail);
    }
}
