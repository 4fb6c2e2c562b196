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
 * Stopping the daemon closes consoles with 1012 (service restart): the frontend reconnects on it,
 * where Jetty's own 1001 would make it give up for good (spec websocket-sftp-activity.md §1.12–1.13).
 */
class ConsoleShutdownTest {
    @Test
    void daemonShutdownClosesConsolesWithACodeTheFrontendReconnectsOn() throws Exception {
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN)) {
            String uuid = panel.addServer(GameServers.server());
            TestDaemon daemon = new TestDaemon(panel, "").start();
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
                Instant started = Instant.now();
                await().until(() -> Instant.now().getEpochSecond() > started.getEpochSecond());
                ConsoleClient unauthenticated = ConsoleClient.connect(daemon.port(), uuid, panel.url());
                ConsoleClient console = ConsoleClient.connect(daemon.port(), uuid, panel.url())
                        .authenticate(PanelTokens.websocket(uuid).sign());
                daemon.stop();
                assertThat(console.awaitClose(Duration.ofSeconds(10))).isEqualTo(ConsoleSockets.SHUTDOWN);
                assertThat(unauthenticated.awaitClose(Duration.ofSeconds(10))).isEqualTo(ConsoleSockets.SHUTDOWN);
            } finally {
                daemon.close();
            }
        }
    }
}
