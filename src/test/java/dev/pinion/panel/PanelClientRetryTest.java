package dev.pinion.panel;

import static dev.pinion.testing.FakePanel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.ServerConfigBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry and backoff on Panel calls (spec wings-to-panel-and-config.md A1 "Retry and backoff"). */
class PanelClientRetryTest {
    private FakePanel panel;
    private PanelClients clients;
    private String uuid;

    @BeforeEach
    void start() {
        panel = FakePanel.start();
        clients = new PanelClients(panel);
        uuid = panel.addServer(ServerConfigBuilder.server());
    }

    @AfterEach
    void stop() {
        panel.close();
    }

    @Test
    void serverErrorsAreRetriedUntilTheCallSucceeds() {
        panel.failNext(3, 500);

        ServerConfiguration configuration = clients.client.getServerConfiguration(uuid);

        assertThat(configuration.uuid()).isEqualTo(uuid);
        assertThat(panel.requests()).hasSize(4);
    }

    // spec A1: first interval 0.5 s, ×1.5 (jitter fixed at its midpoint here)
    @Test
    void retriesWaitHalfASecondThenOneAndAHalfTimesLonger() {
        panel.failNext(3, 503);

        clients.client.getServerConfiguration(uuid);

        assertThat(clients.clock.sleeps()).extracting(Duration::toMillis).containsExactly(500L, 750L, 1125L);
    }

    @Test
    void connectionRefusedIsRetriedUntilThePanelComesBack() {
        panel.goDown();
        // Bring the Panel back during the second backoff wait: two attempts are refused.
        clients.clock.onSleep(() -> {
            if (clients.clock.sleeps().size() == 2) {
                panel.comeUp();
            }
        });

        ServerConfiguration configuration = clients.client.getServerConfiguration(uuid);

        assertThat(configuration.uuid()).isEqualTo(uuid);
        assertThat(clients.clock.sleeps()).hasSize(2);
        assertThat(panel.requests()).hasSize(1);
    }

    // spec A1: a 4xx is returned at once
    @Test
    void clientErrorsAreNotRetried() {
        panel.failNext(1, 422);

        assertThatThrownBy(() -> clients.client.resetServersState()).isInstanceOf(PanelException.class);
        assertThat(panel.requests()).hasSize(1);
        assertThat(clients.clock.sleeps()).isEmpty();
    }

    // spec A1/A4: an unknown server is a 404, returned at once
    @Test
    void notFoundIsNotRetriedAndSaysSo() {
        assertThatThrownBy(() -> clients.client.getServerConfiguration("00000000-0000-4000-8000-000000000000"))
                .isInstanceOfSatisfying(PanelException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.code()).isEqualTo("RecordNotFoundException");
                });
        assertThat(panel.requests()).hasSize(1);
    }

    // spec A1: statuses outside 200–299 that are not 4xx are retried (e.g. an unfollowed 3xx)
    @Test
    void unfollowedRedirectIsRetried() {
        panel.failNext(call("POST", "/servers/reset"), 1, 304, null);

        clients.client.resetServersState();

        assertThat(panel.requests(call("POST", "/servers/reset"))).hasSize(2);
    }

    // spec A1: max elapsed 30 s; with mid-point jitter the attempts are at 0, .5, 1.25, 2.375, 4.06,
    // 6.59, 10.39, 16.09, 24.63 s and the next wait (12 s, capped) would pass 30 s.
    @Test
    void givesUpWithThePanelsErrorOnceThirtySecondsWouldPass() {
        panel.failAlways(call("GET", "/servers/" + uuid), 500);

        assertThatThrownBy(() -> clients.client.getServerConfiguration(uuid))
                .isInstanceOfSatisfying(
                        PanelException.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
        assertThat(panel.requests()).hasSize(9);
        assertThat(clients.clock.totalSlept()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(clients.clock.sleeps().get(clients.clock.sleeps().size() - 1))
                .isLessThanOrEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void givesUpAsUnreachableWhenThePanelStaysDown() {
        panel.goDown();

        assertThatThrownBy(() -> clients.client.getServerConfiguration(uuid))
                .isInstanceOf(PanelUnreachableException.class)
                .hasMessageContaining("Panel unreachable")
                .hasMessageContaining("gave up after 9 attempts");
    }

    // the limits are injectable: a tiny max elapsed time gives up after the first attempt
    @Test
    void aTinyMaxElapsedTimeGivesUpAfterOneAttempt() {
        PanelClients fast = new PanelClients(panel, 50, RetryPolicy.WINGS.withMaxElapsedTime(Duration.ofMillis(100)));
        panel.failAlways(call("POST", "/servers/reset"), 500);

        assertThatThrownBy(() -> fast.client.resetServersState()).isInstanceOf(PanelException.class);
        assertThat(panel.requests()).hasSize(1);
    }

    // spec A1: a timeout is a transport error and is retried
    @Test
    void aSlowAnswerTimesOutAndIsRetried() {
        FakeRetryClock clock = new FakeRetryClock();
        PanelClientSettings shortTimeout = new PanelClientSettings(panel.url(), Duration.ofMillis(200), 50);
        PanelCredentials credentials = new PanelCredentials(panel.tokenId(), panel.token());
        PanelClient client = new PanelClient(
                shortTimeout,
                () -> credentials,
                "1",
                PanelClient.defaultHttpClient(shortTimeout),
                PanelJson.newMapper(),
                RetryPolicy.WINGS,
                clock,
                () -> 0.5);
        panel.delayNext(call("GET", "/servers/" + uuid), 1, Duration.ofSeconds(2));

        assertThat(client.getServerConfiguration(uuid).uuid()).isEqualTo(uuid);
        assertThat(clock.sleeps()).hasSize(1);
    }

    // spec A1: cancellation is not retried; the interrupt is kept for the caller
    @Test
    void interruptionDuringABackoffWaitStopsAtOnceAndKeepsTheInterruptFlag() {
        RetryClock interrupted = new RetryClock() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                throw new InterruptedException("shutting down");
            }
        };
        PanelClient client = new PanelClient(
                clients.settings,
                clients.credentials::get,
                "1",
                PanelClient.defaultHttpClient(clients.settings),
                PanelJson.newMapper(),
                RetryPolicy.WINGS,
                interrupted,
                () -> 0.5);
        panel.failAlways(call("POST", "/servers/reset"), 500);

        try {
            assertThatThrownBy(client::resetServersState)
                    .isExactlyInstanceOf(PanelCallException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(panel.requests()).hasSize(1);
        } finally {
            Thread.interrupted();
        }
    }
}
