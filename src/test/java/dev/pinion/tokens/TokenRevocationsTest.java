package dev.pinion.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The deny rules (spec websocket-sftp-activity.md §1.3 step 5, §1.10; panel-to-wings-api.md §3.5). */
class TokenRevocationsTest {
    private static final Instant BOOT = Instant.parse("2026-01-01T12:00:00.400Z");

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = BOOT;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final TokenRevocations revocations = new TokenRevocations(clock);

    private static TokenClaims token(String jti, String server, String user, Instant issued) {
        return new TokenClaims(
                jti,
                server,
                user,
                Optional.ofNullable(issued),
                issued == null ? BOOT : issued.plusSeconds(600),
                Set.of("websocket"),
                List.of("*"),
                "u",
                "",
                "",
                "");
    }

    private boolean refused(TokenClaims claims) {
        try {
            revocations.refuseIfRevoked(claims);
            return false;
        } catch (TokenException e) {
            assertThat(e.getMessage()).isEqualTo("jwt: created too far in past (denylist)");
            return true;
        }
    }

    @Test
    void tokensIssuedBeforeBootEvenInTheBootSecondAreRefused() {
        assertThat(refused(token("j", "s", "u", BOOT.minusSeconds(60)))).isTrue();
        assertThat(refused(token("j", "s", "u", Instant.parse("2026-01-01T12:00:00Z"))))
                .isTrue();
        assertThat(refused(token("j", "s", "u", Instant.parse("2026-01-01T12:00:01Z"))))
                .isFalse();
    }

    @Test
    void tokenWithoutIssuedAtIsRefused() {
        assertThat(refused(token("j", "s", "u", null))).isTrue();
    }

    @Test
    void deniedJtiRefusesTokensIssuedBeforeTheDenyOnly() {
        Instant issued = Instant.parse("2026-01-01T12:01:00Z");
        clock.now = Instant.parse("2026-01-01T12:02:00.500Z");
        revocations.denyJti("j");
        assertThat(refused(token("j", "s", "u", issued))).isTrue();
        assertThat(refused(token("other", "s", "u", issued))).isFalse();
        assertThat(refused(token("j", "s", "u", Instant.parse("2026-01-01T12:02:01Z"))))
                .isFalse();
    }

    @Test
    void deauthorizedUserIsRefusedOnTheListedServersUpToAndIncludingTheSecond() {
        clock.now = Instant.parse("2026-01-01T12:05:00.500Z");
        revocations.deauthorize("user", List.of("s1"));
        assertThat(refused(token("j", "s1", "user", Instant.parse("2026-01-01T12:05:00Z"))))
                .isTrue();
        assertThat(refused(token("j", "s1", "user", Instant.parse("2026-01-01T12:05:01Z"))))
                .isFalse();
        assertThat(refused(token("j", "s2", "user", Instant.parse("2026-01-01T12:04:00Z"))))
                .isFalse();
        assertThat(refused(token("j", "s1", "someone else", Instant.parse("2026-01-01T12:04:00Z"))))
                .isFalse();
    }

    @Test
    void deauthorizingWithoutServersCoversEveryServer() {
        clock.now = Instant.parse("2026-01-01T12:05:00.500Z");
        revocations.deauthorize("user", List.of());
        assertThat(refused(token("j", "any", "user", Instant.parse("2026-01-01T12:04:00Z"))))
                .isTrue();
    }

    @Test
    void signedUrlTokensCheckOnlyTheUserRule() throws Exception {
        // issued before boot: a download token is still fine (Wings' boot rule is WebSocket-only)
        revocations.refuseIfUserRevoked(token("j", "s", "u", BOOT.minusSeconds(60)));
        clock.now = BOOT.plusSeconds(60);
        revocations.deauthorize("u", List.of("s"));
        TokenClaims old = token("j", "s", "u", BOOT.plusSeconds(30));
        try {
            revocations.refuseIfUserRevoked(old);
            throw new AssertionError("accepted");
        } catch (TokenException e) {
            assertThat(e.reason()).isEqualTo(TokenException.Reason.DENIED);
        }
    }

    @Test
    void listenersHearEveryRevocation() {
        List<String> heard = new ArrayList<>();
        revocations.addListener(new TokenRevocations.Listener() {
            @Override
            public void jtiDenied(String jti) {
                heard.add("jti " + jti);
            }

            @Override
            public void userDeauthorized(String userUuid, List<String> servers) {
                heard.add("user " + userUuid + " " + servers);
            }
        });
        revocations.denyJti("abc");
        revocations.deauthorize("u", List.of("s"));
        assertThat(heard).containsExactly("jti abc", "user u [s]");
    }
}
