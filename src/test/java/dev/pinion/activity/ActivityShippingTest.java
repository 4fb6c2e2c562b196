package dev.pinion.activity;

import static dev.pinion.testing.FakePanel.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.admin.FlushActivityTask;
import dev.pinion.panel.PanelClient;
import dev.pinion.panel.PanelClientSettings;
import dev.pinion.panel.PanelCredentials;
import dev.pinion.panel.PanelJson;
import dev.pinion.panel.RetryClock;
import dev.pinion.panel.RetryPolicy;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.MutableClock;
import dev.pinion.testing.ServerConfigBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The activity store and its shipping to the Panel (spec websocket-sftp-activity.md §3.2–3.5). */
class ActivityShippingTest {
    private static final Instant T0 = Instant.parse("2026-03-17T14:58:30.123456789Z");
    private static final String USER = "c4022c6c-9bf1-4a23-bff9-519cceb38335";

    @TempDir
    Path directory;

    private FakePanel panel;
    private String server;
    private ActivityStore store;
    private ActivityLog log;
    private final MutableClock clock = new MutableClock(T0);
    private ShippingLimits limits = new ShippingLimits(Duration.ofSeconds(60), 100, 3, Duration.ofMinutes(15));
    private ActivityShipper shipper;

    @BeforeEach
    void start() {
        panel = FakePanel.start();
        server = panel.addServer(ServerConfigBuilder.server());
        openStore(1_000);
    }

    @AfterEach
    void stop() {
        store.close();
        panel.close();
    }

    private void openStore(long maxRows) {
        store = new ActivityStore(directory.resolve("activity.db"), maxRows, PanelJson.newMapper());
        log = new ActivityLog(store);
        // One attempt per call and no waiting: the shipper's own backoff is what these tests pin.
        RetryPolicy once = RetryPolicy.WINGS.withMaxElapsedTime(Duration.ofNanos(1));
        PanelClientSettings settings = new PanelClientSettings(panel.url(), Duration.ofSeconds(5), 50);
        PanelClient client = new PanelClient(
                settings,
                () -> new PanelCredentials(panel.tokenId(), panel.token()),
                "test",
                PanelClient.defaultHttpClient(settings),
                PanelJson.newMapper(),
                once,
                new RetryClock() {
                    @Override
                    public long nanoTime() {
                        return System.nanoTime();
                    }

                    @Override
                    public void sleep(Duration duration) {}
                });
        shipper = new ActivityShipper(store, client, () -> limits, clock, null);
    }

    private void command(String text) {
        log.record(ActivityEvents.consoleCommand(server, USER, "203.0.113.7:51234", text, clock.instant()));
    }

    // spec §3.1, §3.4: user, bare ip, metadata and a UTC timestamp with Z reach the Panel
    @Test
    void anEventReachesThePanelWithUserAddressMetadataAndUtcTime() {
        command("say hi");

        ActivityShipper.Result result = shipper.ship();

        assertThat(result.sent()).isEqualTo(1);
        assertThat(panel.activity()).hasSize(1);
        JsonNode entry = panel.activity().get(0);
        assertThat(entry.path("user").asText()).isEqualTo(USER);
        assertThat(entry.path("server").asText()).isEqualTo(server);
        assertThat(entry.path("event").asText()).isEqualTo("server:console.command");
        assertThat(entry.path("metadata").path("command").asText()).isEqualTo("say hi");
        assertThat(entry.path("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(entry.path("timestamp").asText()).isEqualTo("2026-03-17T14:58:30.123456789Z");
        assertThat(store.size()).isZero();
    }

    // spec §3.2: [v6]:port is reduced to the address; an empty user is sent as null
    @Test
    void anIpv6AddressLosesItsPortAndAnEmptyUserIsNull() {
        log.record(ActivityEvents.power(server, "", "[2001:db8::1]:4000", "start", T0));

        shipper.ship();

        JsonNode entry = panel.activity().get(0);
        assertThat(entry.path("ip").asText()).isEqualTo("2001:db8::1");
        assertThat(entry.path("user").isNull()).isTrue();
        assertThat(entry.path("event").asText()).isEqualTo("server:power.start");
    }

    // issue #14 item 6: the admin task ships the queue now, with the shipper's rules
    @Test
    void theFlushTaskShipsTheQueueAtOnceAndSaysWhatWasSent() {
        command("say now");
        StringWriter output = new StringWriter();

        new FlushActivityTask(shipper).execute(Map.of(), new PrintWriter(output));

        assertThat(output.toString()).startsWith("1 sent, 0 dropped");
        assertThat(panel.activity()).hasSize(1);
        assertThat(store.size()).isZero();
    }

    // spec §3.3: at most activity_send_count entries per POST
    @Test
    void batchesNeverExceedTheSendCount() {
        limits = new ShippingLimits(Duration.ofSeconds(60), 100, 3, Duration.ofMinutes(15));
        for (int i = 0; i < 250; i++) {
            command("c" + i);
        }

        shipper.ship();

        List<Integer> sizes = panel.requests(call("POST", "/activity")).stream()
                .map(r -> r.json().path("data").size())
                .toList();
        assertThat(sizes).containsExactly(100, 100, 50);
        assertThat(panel.activity()).hasSize(250);
        assertThat(panel.activity().get(249).path("metadata").path("command").asText())
                .isEqualTo("c249");
    }

    // spec README / CVE-2026-21696: a refused batch is not resent forever
    @Test
    void aBatchThePanelRefusesWith422IsDroppedAndLaterEventsStillShip() {
        command("refused");
        panel.failNext(call("POST", "/activity"), 1, 422);

        ActivityShipper.Result refused = shipper.ship();
        command("accepted");
        shipper.ship();

        assertThat(refused.dropped()).isEqualTo(1);
        assertThat(panel.requests(call("POST", "/activity"))).hasSize(2);
        assertThat(panel.activity())
                .extracting(e -> e.path("metadata").path("command").asText())
                .containsExactly("accepted");
    }

    // spec §3.3: 5xx is retried, after a backoff
    @Test
    void aBatchThatGets500IsKeptAndRetriedAfterTheBackoff() {
        command("later");
        panel.failNext(call("POST", "/activity"), 1, 500);

        ActivityShipper.Result first = shipper.ship();
        ActivityShipper.Result tooSoon = shipper.ship();
        clock.advance(Duration.ofSeconds(60));
        ActivityShipper.Result retried = shipper.ship();

        assertThat(first.failed()).isTrue();
        assertThat(tooSoon.sent()).isZero();
        assertThat(panel.requests(call("POST", "/activity"))).hasSize(2);
        assertThat(retried.sent()).isEqualTo(1);
        assertThat(panel.activity()).hasSize(1);
    }

    @Test
    void backoffDoublesAfterEachFailureUpToTheCap() {
        command("x");
        panel.failAlways(call("POST", "/activity"), 503);
        limits = new ShippingLimits(Duration.ofSeconds(60), 100, 100, Duration.ofSeconds(200));

        shipper.ship(); // fails: next in 60 s
        clock.advance(Duration.ofSeconds(60));
        shipper.ship(); // fails: next in 120 s
        clock.advance(Duration.ofSeconds(119));
        shipper.ship(); // too soon
        clock.advance(Duration.ofSeconds(1));
        shipper.ship(); // fails: next in 200 s (capped)

        assertThat(panel.requests(call("POST", "/activity"))).hasSize(3);
    }

    // spec README: never resent forever — dropped after max_attempts failed deliveries
    @Test
    void entriesAreDroppedAfterMaxAttemptsFailedDeliveries() {
        command("doomed");
        panel.failAlways(call("POST", "/activity"), 500);

        for (int i = 0; i < 3; i++) {
            shipper.ship();
            clock.advance(Duration.ofHours(1));
        }

        assertThat(store.size()).isZero();
        assertThat(shipper.droppedCount()).isEqualTo(1);
    }

    // spec §3.3 "poison batch": one invalid row must not block the rows behind it
    @Test
    void anInvalidEntryIsDroppedLocallyAndTheRestOfTheBatchShips() {
        log.record(ActivityEvents.consoleCommand(server, "not-a-uuid", "1.2.3.4", "bad user", T0));
        log.record(ActivityEvents.consoleCommand(server, USER, "", "no ip", T0));
        command("good");

        ActivityShipper.Result result = shipper.ship();

        assertThat(result.dropped()).isEqualTo(2);
        assertThat(panel.activity())
                .extracting(e -> e.path("metadata").path("command").asText())
                .containsExactly("good");
        assertThat(store.size()).isZero();
    }

    // spec §3.3 SFTP job: merged per user, server, ip, event and minute, earliest timestamp
    @Test
    void sftpEventsOfOneMinuteAreMergedIntoOneFilesList() {
        log.record(ActivityEvents.sftp(ActivityEvents.SFTP_DELETE, server, USER, "1.2.3.4:1", "/a", T0.plusSeconds(5)));
        log.record(ActivityEvents.sftp(ActivityEvents.SFTP_DELETE, server, USER, "1.2.3.4:2", "/b", T0));
        log.record(
                ActivityEvents.sftp(ActivityEvents.SFTP_DELETE, server, USER, "1.2.3.4:3", "/c", T0.plusSeconds(60)));
        log.record(ActivityEvents.sftpRename(server, USER, "1.2.3.4:3", "/x", "/y", T0));

        shipper.ship();

        assertThat(panel.activity()).hasSize(3);
        JsonNode merged = panel.activity().get(0);
        assertThat(merged.path("event").asText()).isEqualTo("server:sftp.delete");
        assertThat(merged.path("metadata").path("files"))
                .extracting(JsonNode::asText)
                .containsExactly("/a", "/b");
        assertThat(merged.path("timestamp").asText()).isEqualTo(T0.toString());
        JsonNode rename = panel.activity().get(2);
        assertThat(rename.path("metadata").path("files").get(0).path("from").asText())
                .isEqualTo("/x");
        assertThat(rename.path("metadata").path("files").get(0).path("to").asText())
                .isEqualTo("/y");
    }

    // the store is bounded: past its limit the oldest entries go first
    @Test
    void theStoreKeepsOnlyTheNewestEntriesWhenFull() {
        store.close();
        openStore(10);
        for (int i = 0; i < 15; i++) {
            command("c" + i);
        }

        assertThat(store.size()).isEqualTo(10);
        assertThat(store.droppedForSpace()).isEqualTo(5);
        shipper.ship();
        assertThat(panel.activity())
                .extracting(e -> e.path("metadata").path("command").asText())
                .first()
                .isEqualTo("c5");
    }

    // "a restart or kill -9 loses nothing acknowledged": entries are on disk once record returns
    @Test
    void storedEntriesSurviveReopeningTheStore() throws Exception {
        command("before restart");
        store.close();
        assertThat(Files.size(directory.resolve("activity.db"))).isPositive();

        openStore(1_000);
        shipper.ship();

        assertThat(panel.activity())
                .extracting(e -> e.path("metadata").path("command").asText())
                .containsExactly("before restart");
    }

    @Test
    void anUnknownServerIsAcceptedByThePanelButNotKept() {
        log.record(ActivityEvents.consoleCommand(UUID.randomUUID().toString(), USER, "1.2.3.4", "elsewhere", T0));

        ActivityShipper.Result result = shipper.ship();

        assertThat(result.sent()).isEqualTo(1);
        assertThat(panel.activity()).isEmpty();
        assertThat(store.size()).isZero();
    }
}
