package dev.pinion.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.ServerConfigBuilder;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Panel behind a self-signed certificate (spec wings-to-panel-and-config.md A1: --ignore-certificate-errors). */
class PanelTlsTest {
    private static FakePanel panel;
    private static String uuid;

    @BeforeAll
    static void start() {
        panel = FakePanel.startHttps();
        uuid = panel.addServer(ServerConfigBuilder.server());
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    private static PanelClient client(boolean ignoreCertificateErrors) {
        PanelClientSettings settings = new PanelClientSettings(panel.url(), Duration.ofSeconds(5), 50);
        PanelCredentials credentials = new PanelCredentials(panel.tokenId(), panel.token());
        return new PanelClient(
                settings,
                () -> credentials,
                "1",
                ignoreCertificateErrors
                        ? PanelClient.insecureHttpClient(settings)
                        : PanelClient.defaultHttpClient(settings),
                PanelJson.newMapper(),
                RetryPolicy.WINGS.withMaxElapsedTime(Duration.ofMillis(1)),
                new FakeRetryClock(),
                () -> 0.5);
    }

    @Test
    void selfSignedPanelIsRefusedByDefault() {
        assertThatThrownBy(() -> client(false).getServerConfiguration(uuid))
                .isInstanceOf(PanelUnreachableException.class)
                .hasCauseInstanceOf(SSLException.class);
    }

    @Test
    void selfSignedPanelIsAcceptedWhenIgnoringCertificateErrors() {
        assertThat(client(true).getServerConfiguration(uuid).uuid()).isEqualTo(uuid);
    }
}
