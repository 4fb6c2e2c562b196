package dev.pinion.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.RecordedRequest;
import dev.pinion.testing.ServerConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A token rotated through POST /api/update is used on the next call (spec A1 "Recommendation: rotate live"). */
class PanelTokenRotationTest {
    private FakePanel panel;

    @BeforeEach
    void start() {
        panel = FakePanel.start("OldTokenId000000", "old-secret");
    }

    @AfterEach
    void stop() {
        panel.close();
    }

    @Test
    void nextCallUsesTheRotatedCredentials() {
        String uuid = panel.addServer(ServerConfigBuilder.server());
        PanelClients clients = new PanelClients(panel);
        clients.client.getServerConfiguration(uuid);

        panel.setNodeCredentials("NewTokenId000000", "new-secret");
        clients.credentials.set(new PanelCredentials("NewTokenId000000", "new-secret"));
        clients.client.getServerConfiguration(uuid);

        RecordedRequest second = panel.requests().get(1);
        assertThat(second.header("Authorization")).isEqualTo("Bearer NewTokenId000000.new-secret");
        assertThat(second.header("User-Agent")).endsWith("(id:NewTokenId000000)");
    }

    @Test
    void oldCredentialsAreRefusedOnceThePanelRotated() {
        PanelClients clients = new PanelClients(panel);
        panel.setNodeCredentials("NewTokenId000000", "new-secret");

        assertThatThrownBy(clients.client::resetServersState)
                .isInstanceOfSatisfying(
                        PanelException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
    }

    // Credentials are read per attempt, so a rotation during a retry wait applies to the retry.
    @Test
    void aRetryAfterRotationCarriesTheNewToken() {
        PanelClients clients = new PanelClients(panel);
        panel.failNext(1, 503);
        clients.clock.onSleep(() -> {
            panel.setNodeCredentials("NewTokenId000000", "new-secret");
            clients.credentials.set(new PanelCredentials("NewTokenId000000", "new-secret"));
        });

        clients.client.resetServersState();

        assertThat(panel.requests())
                .extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer OldTokenId000000.old-secret", "Bearer NewTokenId000000.new-secret");
    }
}
