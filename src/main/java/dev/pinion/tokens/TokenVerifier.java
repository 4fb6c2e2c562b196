package dev.pinion.tokens;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.InvalidJwtSignatureException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.HmacKey;

/**
 * Verifies the tokens the Panel signs (spec panel-to-wings-api.md §7.1–7.2): HS256 keyed by the
 * live node token, {@code exp} present and not passed (valid through its second, as Wings), and the
 * endpoint's {@code scope} word. Tokens with no scope claim pass only when the operator allows
 * unscoped tokens. Revocation rules are not checked here: see {@link TokenRevocations}.
 */
public final class TokenVerifier {
    private final Supplier<String> nodeToken;
    private final BooleanSupplier allowUnscoped;
    private final Clock clock;
    // The consumer is rebuilt only when the node token changes (an update from the Panel).
    private final AtomicReference<Keyed> consumer = new AtomicReference<>();

    private record Keyed(String key, JwtConsumer consumer) {}

    public TokenVerifier(Supplier<String> nodeToken, BooleanSupplier allowUnscoped, Clock clock) {
        this.nodeToken = nodeToken;
        this.allowUnscoped = allowUnscoped;
        this.clock = clock;
    }

    /** The typed claims of {@code token} if it is valid for {@code scope}; otherwise why not. */
    public TokenClaims verify(String token, TokenScope scope) throws TokenException {
        JwtContext context;
        try {
            context = consumer().process(token == null ? "" : token.trim());
        } catch (InvalidJwtSignatureException e) {
            throw new TokenException(TokenException.Reason.SIGNATURE, e);
        } catch (InvalidJwtException | RuntimeException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, e);
        }
        TokenClaims claims;
        try {
            if (context.getJwtClaims().getExpirationTime() == null) {
                throw new TokenException(TokenException.Reason.EXPIRED);
            }
            claims = claims(context);
        } catch (MalformedClaimException | ClassCastException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, e);
        }
        if (claims.isExpiredAt(clock.instant())) {
            throw new TokenException(TokenException.Reason.EXPIRED);
        }
        boolean unscoped = claims.scopes().isEmpty() && !context.getJwtClaims().hasClaim("scope");
        if (unscoped ? !allowUnscoped.getAsBoolean() : !claims.scopes().contains(scope.word())) {
            throw new TokenException(TokenException.Reason.MISSING_SCOPE);
        }
        return claims;
    }

    private JwtConsumer consumer() {
        String key = nodeToken.get();
        Keyed current = consumer.get();
        if (current != null && current.key().equals(key)) {
            return current.consumer();
        }
        JwtConsumer built = new JwtConsumerBuilder()
                .setVerificationKey(new HmacKey(key.getBytes(StandardCharsets.UTF_8)))
                // Node tokens shorter than 32 bytes are still what the Panel signs with.
                .setRelaxVerificationKeyValidation()
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                // Time claims are checked here with Wings' rules (exp only, whole seconds), not jose4j's.
                .setSkipAllValidators()
                .build();
        consumer.set(new Keyed(key, built));
        return built;
    }

    private static TokenClaims claims(JwtContext context) throws MalformedClaimException {
        JwtClaims jwt = context.getJwtClaims();
        NumericDate exp = jwt.getExpirationTime();
        NumericDate iat = jwt.getIssuedAt();
        String jti = jwt.getJwtId();
        if (jti == null && !context.getJoseObjects().isEmpty()) {
            jti = context.getJoseObjects().get(0).getHeader("jti");
        }
        return new TokenClaims(
                jti == null ? "" : jti,
                string(jwt, "server_uuid"),
                string(jwt, "user_uuid"),
                Optional.ofNullable(iat).map(d -> Instant.ofEpochSecond(d.getValue())),
                Instant.ofEpochSecond(exp.getValue()),
                words(jwt.getClaimValue("scope")),
                strings(jwt.getClaimValue("permissions")),
                string(jwt, "unique_id"),
                string(jwt, "file_path"),
                string(jwt, "backup_uuid"),
                jwt.getSubject() == null ? "" : jwt.getSubject());
    }

    private static String string(JwtClaims jwt, String name) throws MalformedClaimException {
        String value = jwt.getStringClaimValue(name);
        return value == null ? "" : value;
    }

    private static Set<String> words(Object scope) {
        Set<String> words = new LinkedHashSet<>();
        if (scope instanceof String text) {
            for (String word : text.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        } else if (scope instanceof Collection<?> list) {
            list.forEach(word -> words.add(String.valueOf(word)));
        }
        return words;
    }

    /** An array, or (PHP's array_unique leaving gaps in the keys) an object whose values are the list. */
    private static List<String> strings(Object permissions) {
        Collection<?> values = permissions instanceof Collection<?> list
                ? list
                : permissions instanceof Map<?, ?> map ? map.values() : List.of();
        List<String> out = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof String text) {
                out.add(text);
            }
        }
        return out;
    }
}
