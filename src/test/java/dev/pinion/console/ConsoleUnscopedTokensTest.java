package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.ConsoleClient;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * With {@code pinion.allow_unscoped_tokens: true} the console of a Panel older than the scope fix
 * works; a token that does carry a scope must still name {@code websocket} (spec README).
 */
class ConsoleUnscopedTokensTest {
    @Test
    void operatorOptInAdmitsTokensWithoutScopeButNotForeignScopes() throws Exception {
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN)) {
            String uuid = panel.addServer(GameServers.server());
            try (TestDaemon daemon =
                    new TestDaemon(panel, "pinion:\n  allow_unscoped_tokens: true\n  admin:\n    port: 0\n").start()) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
                Instant started = Instant.now();
                await().until(() -> Instant.now().getEpochSecond() > started.getEpochSecond());
                try (ConsoleClient old = ConsoleClient.connect(daemon.port(), uuid, panel.url())) {
                    old.authenticate(PanelTokens.websocket(uuid).scope(null).sign());
                    assertThat(old.awaitEvent("status").path("args").path(0).asText())
                            .isEqualTo("offline");
                }
                try (ConsoleClient foreign = ConsoleClient.connect(daemon.port(), uuid, panel.url())) {
                    foreign.send(
                            "auth",
                            PanelTokens.websocket(uuid).scope("file-download").sign());
                    assertThat(foreign.awaitEvent("jwt error")
                                    .path("args")
                                    .path(0)
                                    .asText())
                            .endsWith(": jwt: missing connect permission");
                }
            }
        }
    }
}
