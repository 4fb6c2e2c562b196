package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.ConsoleClient;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.RawHandshake;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 item 4: console slots squatted by silent sockets (spec README "WebSocket
 * authentication deadline" and "WebSocket limits"; CVE-2025-69199). Upstream reserves a slot
 * before {@code auth} and never releases it, so 30 silent sockets lock every real user out. Here a
 * socket that has not authenticated within the deadline is closed and its slot freed at once, one
 * client address may hold only so many sockets (and fewer still that have not authenticated), and
 * a peer that stops answering pings is dropped. The daemon trusts 127.0.0.1 as a proxy, so each
 * test client claims its own address with {@code X-Forwarded-For}.
 */
class ConsoleSlotSquattingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    // Long enough for a loaded CI machine to open 30 sockets and check the refusal within it
    private static final Duration DEADLINE = Duration.ofSeconds(8);
    private static final Duration PING = Duration.ofSeconds(2);
    private static final int PER_ADDRESS = 12;
    private static final List<String> CREATED = new ArrayList<>();
    private static FakePanel panel;
    private static TestDaemon daemon;
    private static ConsoleSockets sockets;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void boot() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        daemon = new TestDaemon(
                        panel,
                        "api:\n  trusted_proxies: [\"127.0.0.1\"]\n"
                                + "pinion:\n  admin:\n    port: 0\n  console:\n    auth_deadline_ms: "
                                + DEADLINE.toMillis()
                                + "\n    ping_interval_ms: " + PING.toMillis() + "\n    max_sockets_per_address: "
                                + PER_ADDRESS + "\n")
                .start();
        sockets = daemon.managed(ConsoleSockets.class);
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

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : opened) {
            client.close();
        }
        opened.clear();
    }

    private static String newServer() {
        String uuid = panel.addServer(GameServers.server());
        CREATED.add(uuid);
        daemon.http().postJson("/api/servers", "{\"uuid\":\"" + uuid + "\",\"start_on_completion\":false}");
        await().atMost(WAIT)
                .until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
        return uuid;
    }

    private ConsoleClient open(String server, String address) {
        ConsoleClient client = ConsoleClient.connect(daemon.port(), server, panel.url(), address);
        opened.add(client);
        return client;
    }

    /** The handshake's status when the daemon refuses it. */
    private static int refusal(String server, String address) {
        Throwable failure = catchThrowable(() -> ConsoleClient.connect(daemon.port(), server, panel.url(), address)
                .close());
        assertThat(failure).as("the socket from %s was accepted", address).isNotNull();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
        }
        throw new AssertionError("not a refused handshake", failure);
    }

    @Test
    void thirtySilentSocketsNoLongerLockARealUserOut() {
        String server = newServer();
        List<ConsoleClient> silent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            silent.add(open(server, "10.1.0." + (i + 1)));
        }
        // Full, as on Wings, while the silent sockets are within their deadline
        assertThat(refusal(server, "10.2.0.1")).isEqualTo(400);
        // Past the deadline every silent socket is closed (1008) and its slot is free again
        for (ConsoleClient client : silent) {
            assertThat(client.awaitClose(WAIT)).isEqualTo(ConsoleEndpoint.AUTH_TIMEOUT);
            assertThat(client.closeReason()).isEqualTo("authentication timeout");
        }
        await().atMost(WAIT).until(() -> sockets.count(server) == 0);
        ConsoleClient user = open(server, "10.2.0.1")
                .authenticate(PanelTokens.websocket(server).sign());
        assertThat(user.awaitEvent("status").path("args").path(0).asText()).isEqualTo("offline");
    }

    @Test
    void anAuthenticatedSocketOutlivesTheDeadline() {
        String server = newServer();
        ConsoleClient user = open(server, "10.3.0.1")
                .authenticate(PanelTokens.websocket(server).sign());
        await().pollDelay(DEADLINE.plusSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(user.isClosed()).isFalse();
        assertThat(sockets.count(server)).isEqualTo(1);
    }

    @Test
    void oneAddressHoldsAtMostTenSocketsThatHaveNotAuthenticated() {
        String server = newServer();
        String address = "10.4.0.1";
        List<ConsoleClient> pending = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pending.add(open(server, address));
        }
        assertThat(refusal(server, address)).isEqualTo(400);
        // Other addresses are not affected
        open(server, "10.4.0.2").authenticate(PanelTokens.websocket(server).sign());
        // Once one of them authenticates, the address may open another
        pending.get(0).authenticate(PanelTokens.websocket(server).sign());
        open(server, address).authenticate(PanelTokens.websocket(server).sign());
    }

    @Test
    void oneAddressHoldsAtMostItsCapOfOpenSocketsOnTheWholeNode() {
        String first = newServer();
        String second = newServer();
        String address = "10.5.0.1";
        for (int i = 0; i < PER_ADDRESS; i++) {
            String server = i % 2 == 0 ? first : second;
            open(server, address).authenticate(PanelTokens.websocket(server).sign());
        }
        assertThat(sockets.countFrom(address)).isEqualTo(PER_ADDRESS);
        assertThat(refusal(first, address)).isEqualTo(400);
        assertThat(refusal(newServer(), address)).isEqualTo(400);
        ((ConsoleClient) opened.get(0)).close();
        await().atMost(WAIT).until(() -> sockets.countFrom(address) == PER_ADDRESS - 1);
        open(first, address).authenticate(PanelTokens.websocket(first).sign());
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDroppedWhileALiveOneStays() throws Exception {
        String server = newServer();
        String auth = "{\"event\":\"auth\",\"args\":[\""
                + PanelTokens.websocket(server).sign() + "\"]}";
        // Authenticated, then silent and deaf: a browser whose machine vanished (no TCP close).
        // The server is offline and quiet, so no write would ever fail on it.
        Socket vanished =
                RawHandshake.openAndStopReading(daemon.port(), "/api/servers/" + server + "/ws", panel.url(), auth);
        opened.add(vanished);
        ConsoleClient live =
                open(server, null).authenticate(PanelTokens.websocket(server).sign());
        await().atMost(WAIT).until(() -> sockets.count(server) == 2);
        // Dropped within two ping intervals; the live one answers every ping by itself and stays
        await().atMost(WAIT).until(() -> sockets.count(server) == 1);
        await().pollDelay(PING.multipliedBy(4)).atMost(WAIT).until(() -> true);
        assertThat(live.isClosed()).isFalse();
        assertThat(sockets.count(server)).isEqualTo(1);
    }
}
