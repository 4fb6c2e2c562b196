package dev.pinion.panel;

import dev.pinion.testing.FakePanel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Builds clients pointed at a {@link FakePanel} with a fake clock and fixed jitter. */
final class PanelClients {
    static final String VERSION = "1.11.11-pinion";

    final FakeRetryClock clock = new FakeRetryClock();
    final AtomicReference<PanelCredentials> credentials;
    final PanelClientSettings settings;
    final PanelClient client;

    PanelClients(FakePanel panel) {
        this(panel, PanelClientSettings.DEFAULT_BOOT_SERVERS_PER_PAGE, RetryPolicy.WINGS);
    }

    PanelClients(FakePanel panel, int perPage, RetryPolicy policy) {
        this(panel.url(), new PanelCredentials(panel.tokenId(), panel.token()), perPage, policy);
    }

    PanelClients(String remote, PanelCredentials initial, int perPage, RetryPolicy policy) {
        this.credentials = new AtomicReference<>(initial);
        this.settings = new PanelClientSettings(remote, Duration.ofSeconds(5), perPage);
        // Jitter fixed at the middle of its range: every delay is exactly the current interval.
        this.client = new PanelClient(
                settings,
                credentials::get,
                VERSION,
                PanelClient.defaultHttpClient(settings),
                PanelJson.newMapper(),
                policy,
                clock,
                () -> 0.5);
    }
}
