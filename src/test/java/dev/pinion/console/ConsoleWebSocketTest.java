package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.server.ServerManager;
import dev.pinion.testing.ConsoleClient;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.RawHandshake;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console WebSocket protocol against the running daemon, on servers that stay offline:
 * handshake, authentication, JWT errors, permission gates, expiry notices, revocation, limits,
 * deletion. Spec: websocket-sftp-activity.md §1.1–1.12, panel-to-wings-api.md §3.5, §4.9, §7.6,
 * README (limits, scope, deauthorize-user, backup completed naming).
 */
class ConsoleWebSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CONSOLE_ORIGIN = "http://console.example";
    private static final List<String> CREATED = new ArrayList<>();
    private static FakePanel panel;
    private static TestDaemon daemon;
    private static String serverA;
    private static String serverB;
    private static String crowded;
    private static String suspended;

    @BeforeAll
    static void boot() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        serverA = panel.addServer(GameServers.server());
        serverB = panel.addServer(GameServers.server());
        crowded = panel.addServer(GameServers.server());
        suspended = panel.addServer(GameServers.server().suspended(true));
        CREATED.addAll(List.of(serverA, serverB, crowded, suspended));
        // Expiry is looked at every 200 ms instead of Wings' 30 s, so the notices come quickly;
        // a browser that stops reading is dropped after 2 s instead of 30 s.
        daemon = new TestDaemon(
                        panel,
                        "allowed_origins:\n  - " + CONSOLE_ORIGIN + "\n"
                                + "pinion:\n  admin:\n    port: 0\n  console:\n    token_expiry_check_ms: 200\n    send_timeout_ms: 2000\n")
                .start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> daemon.http().get("/api/servers/" + crowded).statusCode() == 200);
        // Tokens issued in the second the daemon started are refused (boot-time rule): start a second later.
        Instant started = Instant.now();
        await().until(() -> Instant.now().getEpochSecond() > started.getEpochSecond());
    }

    @AfterAll
    static void cleanUp() {
        daemon.close();
        panel.close();
        DockerCli.removeContainers(CREATED);
    }

    private static ConsoleClient open(String server) {
        return ConsoleClient.connect(daemon.port(), server, panel.url());
    }

    private static ConsoleClient authed(String server, PanelTokens token) {
        return open(server).authenticate(token.sign());
    }

    private static String arg(JsonNode message) {
        return message.path("args").path(0).asText();
    }

    private static void publish(String server, String topic, String data) {
        daemon.managed(ServerManager.class)
                .get(server)
                .orElseThrow()
                .server()
                .events()
                .publish(topic, data);
    }

    /** Sends a stats request and waits for its answer: everything published before it has arrived by then. */
    private static void roundTrip(ConsoleClient client) {
        int before = client.messages("stats").size();
        client.send("send stats", (String) null);
        await().atMost(WAIT).until(() -> client.messages("stats").size() > before);
    }

    // ------------------------------------------------------------------ handshake (§1.1)

    @Test
    void unknownServerIsRefusedWithWingsNotFoundBody() throws Exception {
        RawHandshake.Answer answer =
                RawHandshake.get(daemon.port(), "/api/servers/" + UUID.randomUUID() + "/ws", panel.url(), true);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(JSON.readTree(answer.body()).path("error").asText())
                .isEqualTo("The requested resource does not exist on this instance.");
        assertThat(JSON.readTree(answer.body()).path("request_id").asText()).isNotEmpty();
    }

    @Test
    void panelOriginUpgradesWithSecurityHeaders() {
        RawHandshake.Answer answer =
                RawHandshake.get(daemon.port(), "/api/servers/" + serverA + "/ws", panel.url(), true);
        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.headers())
                .containsEntry("content-security-policy", "default-src 'self'")
                .containsEntry("x-frame-options", "DENY")
                .containsKey("x-request-id");
    }

    @Test
    void permessageDeflateOfferedByBrowsersIsDeclinedAsWingsDoes() {
        // Chromium's offer; spec websocket-sftp-activity.md §1.1: Wings negotiates no permessage-deflate
        RawHandshake.Answer answer = RawHandshake.get(
                daemon.port(),
                "/api/servers/" + serverA + "/ws",
                panel.url(),
                true,
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.headers()).doesNotContainKey("sec-websocket-extensions");
    }

    @Test
    void allowedOriginsEntryUpgrades() {
        assertThat(RawHandshake.get(daemon.port(), "/api/servers/" + serverA + "/ws", CONSOLE_ORIGIN, true)
                        .status())
                .isEqualTo(101);
    }

    @Test
    void foreignMissingOrUnnormalisedOriginIsRefusedWith403() {
        String path = "/api/servers/" + serverA + "/ws";
        for (String origin : new String[] {
            "http://evil.example", null, panel.url() + "/", panel.url().toUpperCase()
        }) {
            RawHandshake.Answer answer = RawHandshake.get(daemon.port(), path, origin, true);
            assertThat(answer.status()).as("origin %s", origin).isEqualTo(403);
            assertThat(answer.headers()).containsEntry("sec-websocket-version", "13");
        }
    }

    @Test
    void plainGetWithoutUpgradeIsRefusedWith400() {
        assertThat(RawHandshake.get(daemon.port(), "/api/servers/" + serverA + "/ws", panel.url(), false)
                        .status())
                .isEqualTo(400);
    }

    // ------------------------------------------------------------------ auth (§1.3, §1.5, §1.8)

    @Test
    void authSucceedsThenSendsStatusAndStatsOfAnOfflineServer() throws Exception {
        try (ConsoleClient client = open(serverA)) {
            client.send("auth", PanelTokens.websocket(serverA).sign());
            client.awaitEvent("stats");
            assertThat(client.events()).startsWith("auth success", "status", "stats");
            assertThat(client.messages("auth success").get(0).has("args")).isFalse();
            assertThat(arg(client.messages("status").get(0))).isEqualTo("offline");
            JsonNode stats = JSON.readTree(arg(client.messages("stats").get(0)));
            assertThat(stats.path("network").has("rx_bytes")).isTrue();
            assertThat(stats.path("state").asText()).isEqualTo("offline");
        }
    }

    @Test
    void requestsBeforeAuthAreAnsweredWithNoJwtPresent() {
        try (ConsoleClient client = open(serverA)) {
            client.send("send logs", (String) null);
            assertThat(arg(client.awaitEvent("jwt error"))).isEqualTo("jwt: no jwt present");
        }
    }

    @Test
    void nullArgsAreAcceptedAndUndecodableMessagesDroppedWithoutClosing() {
        try (ConsoleClient client = authed(serverA, PanelTokens.websocket(serverA))) {
            client.sendRaw("this is not json").sendRaw("{\"event\":\"send stats\",\"args\":[1]}");
            client.sendRaw("{\"event\":\"send stats\",\"args\":[null]}");
            await().atMost(WAIT).until(() -> client.messages("stats").size() == 2);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void badSignatureIsAGenericDaemonErrorForOrdinaryUsers() {
        try (ConsoleClient client = open(serverA)) {
            client.send(
                    "auth",
                    PanelTokens.websocket(serverA)
                            .key("not-the-node-token-0123456789abcdef")
                            .sign());
            assertThat(arg(client.awaitEvent("daemon error")))
                    .matches(
                            "Error Event \\[[0-9a-f-]{36}\\]: an unexpected error was encountered while handling this request");
            assertThat(client.events()).doesNotContain("auth success");
        }
    }

    @Test
    void badSignatureIsShownInFullToHoldersOfAdminWebsocketErrors() {
        try (ConsoleClient client =
                authed(serverA, PanelTokens.websocket(serverA).permissions(PanelTokens.ROOT_ADMIN))) {
            client.send(
                    "auth",
                    PanelTokens.websocket(serverA)
                            .key("not-the-node-token-0123456789abcdef")
                            .sign());
            assertThat(arg(client.awaitEvent("daemon error"))).endsWith(": jwt: HMAC verification failed");
        }
    }

    @Test
    void expiredTokenIsAJwtErrorTheFrontendRefreshesOn() {
        try (ConsoleClient client = open(serverA)) {
            client.send(
                    "auth",
                    PanelTokens.websocket(serverA)
                            .expiresAt(Instant.now().minusSeconds(2))
                            .sign());
            assertThat(arg(client.awaitEvent("jwt error")))
                    .matches("Error Event \\[[0-9a-f-]{36}\\]: jwt: exp claim is invalid");
        }
    }

    @Test
    void tokenSignedForAnotherEndpointOrWithoutScopeIsRefused() {
        for (String scope : new String[] {"file-download", "file-upload backup-download", null}) {
            try (ConsoleClient client = open(serverA)) {
                client.send("auth", PanelTokens.websocket(serverA).scope(scope).sign());
                assertThat(arg(client.awaitEvent("jwt error")))
                        .as("scope %s", scope)
                        .endsWith(": jwt: missing connect permission");
            }
        }
    }

    @Test
    void tokenWithoutConnectPermissionIsRefused() {
        try (ConsoleClient client = open(serverA)) {
            client.send(
                    "auth",
                    PanelTokens.websocket(serverA)
                            .permissions("control.console", "control.start")
                            .sign());
            assertThat(arg(client.awaitEvent("jwt error"))).endsWith(": jwt: missing connect permission");
        }
    }

    @Test
    void subuserWithConnectPermissionIsAccepted() {
        try (ConsoleClient client =
                authed(serverA, PanelTokens.websocket(serverA).permissions("websocket.connect"))) {
            assertThat(arg(client.awaitEvent("status"))).isEqualTo("offline");
        }
    }

    @Test
    void tokenForAnotherServerIsRefused() {
        try (ConsoleClient client = open(serverA)) {
            client.send("auth", PanelTokens.websocket(serverB).sign());
            assertThat(arg(client.awaitEvent("jwt error"))).endsWith(": jwt: server uuid mismatch");
        }
    }

    @Test
    void tokenIssuedBeforeTheDaemonStartedIsRefused() {
        try (ConsoleClient client = open(serverA)) {
            client.send(
                    "auth",
                    PanelTokens.websocket(serverA)
                            .issuedAt(Instant.now().minusSeconds(3600))
                            .expiresAt(Instant.now().plusSeconds(600))
                            .sign());
            assertThat(arg(client.awaitEvent("jwt error"))).endsWith(": jwt: created too far in past (denylist)");
        }
    }

    @Test
    void reauthWithAFreshTokenKeepsTheSocketAndSendsOnlyAuthSuccess() {
        try (ConsoleClient client = authed(serverA, PanelTokens.websocket(serverA))) {
            client.awaitEvent("stats");
            client.send("auth", PanelTokens.websocket(serverA).sign());
            await().atMost(WAIT).until(() -> client.messages("auth success").size() == 2);
            roundTrip(client);
            assertThat(client.messages("status")).hasSize(1);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void failedReauthKeepsThePreviousToken() {
        try (ConsoleClient client = authed(serverA, PanelTokens.websocket(serverA))) {
            client.send(
                    "auth",
                    PanelTokens.websocket(serverA)
                            .expiresAt(Instant.now().minusSeconds(5))
                            .sign());
            client.awaitEvent("jwt error");
            roundTrip(client);
        }
    }

    // ------------------------------------------------------------------ expiry (§1.9)

    @Test
    void tokenExpiringComesBeforeExpiryThenTokenExpiredThenJwtErrors() {
        Instant exp = Instant.now().plusSeconds(3);
        try (ConsoleClient client =
                authed(serverA, PanelTokens.websocket(serverA).expiresAt(exp))) {
            client.awaitEvent("token expiring");
            client.awaitEvent("token expired");
            assertThat(arg(client.awaitEvent("jwt error"))).isEqualTo("jwt: exp claim is invalid");
            List<String> events = client.events();
            assertThat(events.indexOf("token expiring")).isLessThan(events.indexOf("token expired"));
            assertThat(events.indexOf("token expired")).isLessThan(events.indexOf("jwt error"));
            // after expiry, server events are replaced by the error
            publish(serverA, "daemon message", "after expiry");
            await().atMost(WAIT).until(() -> client.messages("jwt error").size() >= 2);
            assertThat(client.events()).doesNotContain("daemon message");
        }
    }

    // ------------------------------------------------------------------ outbound gates (§1.6)

    @Test
    void installOutputReachesOnlyHoldersOfAdminWebsocketInstall() {
        try (ConsoleClient admin =
                        authed(serverB, PanelTokens.websocket(serverB).permissions(PanelTokens.ROOT_ADMIN));
                ConsoleClient owner =
                        authed(serverB, PanelTokens.websocket(serverB).permissions(PanelTokens.OWNER))) {
            publish(serverB, "install output", "installing packages");
            publish(serverB, "daemon message", "marker-install");
            owner.awaitArgContaining("daemon message", "marker-install", WAIT);
            assertThat(arg(admin.awaitEvent("install output"))).isEqualTo("installing packages");
            assertThat(owner.events()).doesNotContain("install output");
        }
    }

    @Test
    void transferLogsReachOnlyHoldersOfAdminWebsocketTransfer() {
        try (ConsoleClient admin =
                        authed(serverB, PanelTokens.websocket(serverB).permissions(PanelTokens.ROOT_ADMIN));
                ConsoleClient owner =
                        authed(serverB, PanelTokens.websocket(serverB).permissions(PanelTokens.OWNER))) {
            publish(serverB, "transfer logs", "streaming archive");
            publish(serverB, "daemon message", "marker-transfer");
            owner.awaitArgContaining("daemon message", "marker-transfer", WAIT);
            assertThat(arg(admin.awaitEvent("transfer logs"))).isEqualTo("streaming archive");
            assertThat(owner.events()).doesNotContain("transfer logs");
        }
    }

    @Test
    void backupCompletedGoesOutUnderBothNamesOnlyToHoldersOfBackupRead() {
        String backup = UUID.randomUUID().toString();
        String payload =
                "{\"checksum\":\"abc\",\"checksum_type\":\"sha1\",\"file_size\":12,\"is_successful\":true,\"uuid\":\""
                        + backup + "\"}";
        try (ConsoleClient reader = authed(
                        serverB, PanelTokens.websocket(serverB).permissions("websocket.connect", "backup.read"));
                ConsoleClient other =
                        authed(serverB, PanelTokens.websocket(serverB).permissions("websocket.connect"))) {
            publish(serverB, "backup completed", payload);
            publish(serverB, "daemon message", "marker-backup");
            other.awaitArgContaining("daemon message", "marker-backup", WAIT);
            assertThat(arg(reader.awaitEvent("backup completed"))).isEqualTo(payload);
            assertThat(arg(reader.awaitEvent("backup completed:" + backup))).isEqualTo(payload);
            assertThat(other.events()).noneMatch(e -> e.startsWith("backup completed"));
        }
    }

    @Test
    void ungatedEventsReachEverySubuserWithTheirData() {
        List<String> topics = List.of(
                "install started",
                "install completed",
                "daemon message",
                "backup restore completed",
                "transfer status",
                "console output");
        try (ConsoleClient client =
                authed(serverB, PanelTokens.websocket(serverB).permissions("websocket.connect"))) {
            for (String topic : topics) {
                publish(serverB, topic, "data of " + topic);
            }
            for (String topic : topics) {
                assertThat(arg(client.awaitEvent(topic))).isEqualTo("data of " + topic);
            }
        }
    }

    @Test
    void powerActionWithoutItsPermissionIsSilentlyIgnored() {
        try (ConsoleClient client =
                authed(serverA, PanelTokens.websocket(serverA).permissions("websocket.connect", "control.stop"))) {
            client.awaitEvent("stats");
            client.send("set state", "start");
            roundTrip(client);
            assertThat(client.events()).doesNotContain("daemon error", "jwt error");
            assertThat(daemon.state(serverA)).isEqualTo("offline");
        }
    }

    @Test
    void unknownPowerActionIsShownInFullOnlyToAdmins() {
        try (ConsoleClient admin =
                        authed(serverA, PanelTokens.websocket(serverA).permissions(PanelTokens.ROOT_ADMIN));
                ConsoleClient owner = authed(serverA, PanelTokens.websocket(serverA))) {
            admin.send("set state", "dance");
            owner.send("set state", "dance");
            assertThat(arg(admin.awaitEvent("daemon error"))).endsWith(": attempting to handle unknown power action");
            assertThat(arg(owner.awaitEvent("daemon error"))).endsWith(": " + ConsoleConnection.GENERIC_ERROR);
        }
    }

    /**
     * Issue #10 item 13: a server's sockets share one subscription to its bus and every event is
     * encoded once for all of them (bench/console-fanout.sh measures the cost); each socket still
     * gets every line, in order, and its own filters (the owner here lacks install output).
     */
    @Test
    void allSocketsOfAServerShareOneSubscriptionAndEachGetsEveryLineInOrder() {
        var bus = daemon.managed(ServerManager.class)
                .get(serverB)
                .orElseThrow()
                .server()
                .events();
        List<ConsoleClient> clients = new ArrayList<>();
        // Counted with the first socket open, not before it: a socket of an earlier test may still
        // be leaving this server's feed, and while it is a member the feed is already subscribed.
        int withOne;
        try {
            clients.add(authed(serverB, PanelTokens.websocket(serverB).permissions(PanelTokens.OWNER)));
            withOne = bus.subscriberCount();
            for (int i = 1; i < 5; i++) {
                clients.add(authed(serverB, PanelTokens.websocket(serverB).permissions(PanelTokens.OWNER)));
            }
            assertThat(bus.subscriberCount()).isEqualTo(withOne);
            for (int i = 0; i < 300; i++) {
                publish(serverB, "console output", "fan-out line " + i);
            }
            publish(serverB, "install output", "not for owners");
            publish(serverB, "daemon message", "marker-fanout");
            for (ConsoleClient client : clients) {
                client.awaitArgContaining("daemon message", "marker-fanout", WAIT);
                List<String> lines = client.messages("console output").stream()
                        .map(ConsoleWebSocketTest::arg)
                        .filter(line -> line.startsWith("fan-out line "))
                        .toList();
                assertThat(lines).hasSize(300);
                for (int i = 0; i < 300; i++) {
                    assertThat(lines.get(i)).isEqualTo("fan-out line " + i);
                }
                assertThat(client.events()).doesNotContain("install output");
            }
        } finally {
            clients.forEach(ConsoleClient::close);
        }
        // The last socket to leave ends the one shared subscription.
        await().atMost(WAIT).until(() -> bus.subscriberCount() == withOne - 1);
    }

    // ------------------------------------------------------------------ revocation (§1.10, §3.5)

    /**
     * Spec README "ws/deny on an open socket": as Wings, the socket stays open; its next message and
     * every event for it are answered with {@code jwt error} carrying exactly Wings' denylist text
     * (no error-event id), which the frontend answers by fetching a fresh token silently.
     * (Until issue #10 item 12 Pinion closed the socket with 4401, which this test pinned.)
     */
    @Test
    void deniedJtiKeepsItsSocketOpenAnsweringJwtErrorsUntilAFreshTokenArrives() {
        PanelTokens victim =
                PanelTokens.websocket(serverA).user(UUID.randomUUID().toString(), 701);
        PanelTokens bystander =
                PanelTokens.websocket(serverA).user(UUID.randomUUID().toString(), 702);
        String oldToken = victim.sign();
        try (ConsoleClient denied = open(serverA).authenticate(oldToken);
                ConsoleClient kept = authed(serverA, bystander)) {
            denied.awaitEvent("stats");
            var response = daemon.http()
                    .postJson("/api/servers/" + serverA + "/ws/deny", "{\"jtis\":[\"" + victim.jti() + "\"]}");
            assertThat(response.statusCode()).isEqualTo(204);
            int errorsBefore = denied.messages("jwt error").size();
            denied.send("send stats", (String) null);
            await().atMost(WAIT).until(() -> denied.messages("jwt error").size() > errorsBefore);
            assertThat(denied.messages("jwt error"))
                    .extracting(ConsoleWebSocketTest::arg)
                    .containsOnly("jwt: created too far in past (denylist)");
            assertThat(denied.messages("stats")).hasSize(1);
            // events for the denied socket are replaced by the error; the bystander gets them
            publish(serverA, "daemon message", "marker-after-deny");
            kept.awaitArgContaining("daemon message", "marker-after-deny", WAIT);
            await().atMost(WAIT).until(() -> denied.messages("jwt error").size() > errorsBefore + 1);
            assertThat(denied.events()).doesNotContain("daemon message");
            assertThat(denied.isClosed()).isFalse();
            // a token the Panel issues after the deny authenticates on the same socket (iat in a later second)
            denied.send("auth", victim.issuedAt(Instant.now().plusSeconds(2)).sign());
            await().atMost(WAIT).until(() -> denied.messages("auth success").size() == 2);
            roundTrip(denied);
            assertThat(denied.isClosed()).isFalse();
            roundTrip(kept);
        }
        // the old token cannot authenticate again, on a new socket either
        try (ConsoleClient again = open(serverA)) {
            again.send("auth", oldToken);
            assertThat(arg(again.awaitEvent("jwt error"))).endsWith(": jwt: created too far in past (denylist)");
        }
    }

    @Test
    void wsDenyAnswersWingsErrors() {
        assertThat(daemon.http()
                        .postJson("/api/servers/" + UUID.randomUUID() + "/ws/deny", "{\"jtis\":[\"a\"]}")
                        .statusCode())
                .isEqualTo(404);
        var bad = daemon.http().postJson("/api/servers/" + serverA + "/ws/deny", "{\"jtis\":");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Http.json(bad).path("error").asText()).isNotEmpty();
        var anonymous = daemon.http()
                .send(daemon.http()
                        .request("/api/servers/" + serverA + "/ws/deny")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jtis\":[]}")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void deauthorizeUserClosesTheirSocketsOnTheListedServerOnly() {
        String user = UUID.randomUUID().toString();
        PanelTokens onA = PanelTokens.websocket(serverA).user(user, 801);
        PanelTokens onB = PanelTokens.websocket(serverB).user(user, 801);
        String oldA = onA.sign();
        try (ConsoleClient userA = open(serverA).authenticate(oldA);
                ConsoleClient userB = authed(serverB, onB);
                ConsoleClient otherA = authed(
                        serverA,
                        PanelTokens.websocket(serverA).user(UUID.randomUUID().toString(), 802))) {
            var response = daemon.http()
                    .postJson(
                            "/api/deauthorize-user",
                            "{\"user\":\"" + user + "\",\"servers\":[\"" + serverA + "\",\"" + UUID.randomUUID()
                                    + "\"]}");
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(userA.awaitClose(WAIT)).isEqualTo(ConsoleSockets.REVOKED);
            roundTrip(userB);
            roundTrip(otherA);
        }
        try (ConsoleClient again = open(serverA)) {
            again.send("auth", oldA);
            assertThat(arg(again.awaitEvent("jwt error"))).endsWith(": jwt: created too far in past (denylist)");
        }
    }

    @Test
    void deauthorizeUserWithoutServersClosesTheirSocketsEverywhere() {
        String user = UUID.randomUUID().toString();
        String oldB = PanelTokens.websocket(serverB).user(user, 901).sign();
        try (ConsoleClient userA =
                        authed(serverA, PanelTokens.websocket(serverA).user(user, 901));
                ConsoleClient userB = open(serverB).authenticate(oldB)) {
            assertThat(daemon.http()
                            .postJson("/api/deauthorize-user", "{\"user\":\"" + user + "\"}")
                            .statusCode())
                    .isEqualTo(204);
            assertThat(userA.awaitClose(WAIT)).isEqualTo(ConsoleSockets.REVOKED);
            assertThat(userB.awaitClose(WAIT)).isEqualTo(ConsoleSockets.REVOKED);
        }
        try (ConsoleClient again = open(serverB)) {
            again.send("auth", oldB);
            assertThat(arg(again.awaitEvent("jwt error"))).endsWith(": jwt: created too far in past (denylist)");
        }
    }

    @Test
    void deauthorizeUserAnswersWingsErrors() {
        assertThat(daemon.http().postJson("/api/deauthorize-user", "{\"user\":").statusCode())
                .isEqualTo(400);
        var anonymous = daemon.http()
                .send(daemon.http()
                        .request("/api/deauthorize-user")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"x\"}")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    // ------------------------------------------------------------------ limits (README, §1.11)

    // The one end-to-end check that the limits are wired in; their arithmetic (every bucket's burst
    // and refill) is RateLimitsTest's, on a fake clock (spec websocket-sftp-activity.md §1.9).
    @Test
    void burstBeyondTheGlobalLimitIsDroppedWithOneThrottledNotice() {
        try (ConsoleClient client = open(serverA)) {
            for (int i = 0; i < 15; i++) {
                client.sendRaw("garbage " + i);
            }
            assertThat(arg(client.awaitEvent("throttled"))).isEqualTo("global");
            client.send("unknown", "x");
            await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
            assertThat(client.messages("throttled")).hasSize(1);
        }
    }

    @Test
    void messageOverFourKibibytesClosesTheSocketWith1009() {
        try (ConsoleClient client = open(serverA)) {
            client.send("send command", "x".repeat(5000));
            assertThat(client.awaitClose(WAIT)).isEqualTo(1009);
        }
    }

    @Test
    void thirtyFirstSocketOfAServerIsRefusedUntilOneCloses() throws Exception {
        List<ConsoleClient> clients = new ArrayList<>();
        try {
            // authenticated: one address may hold only ten sockets that have not authenticated (spec README)
            for (int i = 0; i < 30; i++) {
                clients.add(open(crowded)
                        .authenticate(PanelTokens.websocket(crowded).sign()));
            }
            RawHandshake.Answer refused =
                    RawHandshake.get(daemon.port(), "/api/servers/" + crowded + "/ws", panel.url(), true);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("error").asText())
                    .isEqualTo("Too many open websocket connections.");
            clients.remove(0).close();
            ConsoleSockets sockets = daemon.managed(ConsoleSockets.class);
            await().atMost(WAIT).until(() -> sockets.count(crowded) == 29);
            clients.add(
                    open(crowded).authenticate(PanelTokens.websocket(crowded).sign()));
        } finally {
            clients.forEach(ConsoleClient::close);
        }
    }

    // ------------------------------------------------------------------ lifecycle (§1.12)

    @Test
    void deletingAServerSendsDeletedAndClosesItsSocketsWith1001() {
        String uuid = panel.addServer(GameServers.server());
        CREATED.add(uuid);
        assertThat(daemon.http()
                        .postJson("/api/servers", "{\"uuid\":\"" + uuid + "\",\"start_on_completion\":false}")
                        .statusCode())
                .isEqualTo(202);
        try (ConsoleClient client = authed(uuid, PanelTokens.websocket(uuid))) {
            client.awaitEvent("status");
            assertThat(daemon.http()
                            .send(daemon.http()
                                    .authorized("/api/servers/" + uuid)
                                    .DELETE())
                            .statusCode())
                    .isEqualTo(204);
            assertThat(arg(client.awaitEvent("deleted"))).isEqualTo("null");
            assertThat(client.awaitClose(WAIT)).isEqualTo(1001);
            assertThat(client.closeReason()).isEqualTo("server deleted");
        }
    }

    @Test
    void suspendedServerAcceptsTheUpgradeThenClosesWith4409() {
        try (ConsoleClient client = open(suspended)) {
            assertThat(client.awaitClose(WAIT)).isEqualTo(4409);
            assertThat(client.closeReason()).isEqualTo("server is suspended");
        }
    }

    @Test
    void browserThatStopsReadingLosesItsOwnMessagesWithoutSlowingTheServerOrOtherSockets() throws Exception {
        String line = "x".repeat(2000);
        String auth = "{\"event\":\"auth\",\"args\":[\""
                + PanelTokens.websocket(serverB).sign() + "\"]}";
        ConsoleSockets sockets = daemon.managed(ConsoleSockets.class);
        try (ConsoleClient reader = authed(serverB, PanelTokens.websocket(serverB));
                var frozen = RawHandshake.openAndStopReading(
                        daemon.port(), "/api/servers/" + serverB + "/ws", panel.url(), auth)) {
            await().atMost(WAIT).until(() -> sockets.count(serverB) == 2);
            long publishing = 0;
            // 40 MB of console output in steps the reader keeps up with, so the frozen tab's writer
            // is handed far more than its socket buffers hold (drop-oldest alone would spare it)
            for (int step = 0; step < 40; step++) {
                long began = System.nanoTime();
                for (int i = 0; i < 500; i++) {
                    publish(serverB, "console output", step + "/" + i + " " + line);
                }
                publishing += System.nanoTime() - began;
                reader.awaitArgContaining("console output", step + "/499 ", Duration.ofSeconds(30));
            }
            assertThat(Duration.ofNanos(publishing)).isLessThan(Duration.ofSeconds(5));
            assertThat(reader.isClosed()).isFalse();
            // the daemon drops the frozen tab's connection once a write waits 2 s; the reader stays
            await().atMost(Duration.ofSeconds(30)).until(() -> sockets.count(serverB) == 1);
            roundTrip(reader);
        }
    }
}
