package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.testing.ConsoleClient;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console of a server running in a real container: power from the socket, commands and their
 * echo, log replay, live stats, the console permission, and a clean close when the daemon stops.
 * Spec: websocket-sftp-activity.md §1.5–1.7, §1.12, §1.14.
 */
class ConsoleRunningServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP = Duration.ofSeconds(60);
    private static final List<String> CREATED = new ArrayList<>();
    private static FakePanel panel;
    private static TestDaemon daemon;

    @BeforeAll
    static void boot() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        daemon = new TestDaemon(panel, "").start();
        Instant started = Instant.now();
        await().until(() -> Instant.now().getEpochSecond() > started.getEpochSecond());
    }

    @AfterAll
    static void cleanUp() {
        daemon.close();
        panel.close();
        DockerCli.removeContainers(CREATED);
    }

    private static String newServer() {
        return newServer(GameServers.server());
    }

    private static String newServer(ServerConfigBuilder server) {
        String uuid = panel.addServer(server);
        CREATED.add(uuid);
        assertThat(daemon.http()
                        .postJson("/api/servers", "{\"uuid\":\"" + uuid + "\",\"start_on_completion\":false}")
                        .statusCode())
                .isEqualTo(202);
        panel.awaitRequest(FakePanel.call("POST", "/servers/" + uuid + "/install"), Duration.ofSeconds(30));
        return uuid;
    }

    private static ConsoleClient console(String uuid, PanelTokens token) {
        return ConsoleClient.connect(daemon.port(), uuid, panel.url()).authenticate(token.sign());
    }

    private static String arg(JsonNode message) {
        return message.path("args").path(0).asText();
    }

    @Test
    void startFromTheSocketThenCommandEchoReturnsAsConsoleOutputWithLiveStats() throws Exception {
        String uuid = newServer();
        try (ConsoleClient owner = console(uuid, PanelTokens.websocket(uuid))) {
            owner.send("set state", "start");
            owner.awaitEvent("status", m -> arg(m).equals("starting"), UP);
            owner.awaitEvent("status", m -> arg(m).equals("running"), UP);
            owner.awaitArgContaining("console output", GameServers.DONE, UP);
            owner.send("send command", "hello", " world");
            assertThat(owner.awaitArgContaining("console output", "got: hello world", UP))
                    .isEqualTo("got: hello world");
            JsonNode stats = JSON.readTree(arg(owner.awaitEvent("stats", m -> arg(m).contains("\"running\""), UP)));
            assertThat(stats.path("memory_bytes").asLong()).isPositive();
            assertThat(stats.path("network").has("tx_bytes")).isTrue();
        }
    }

    @Test
    void sendLogsReplaysRecentOutputOfARunningServer() {
        String uuid = newServer();
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        daemon.awaitConsole(uuid, GameServers.DONE, UP);
        try (ConsoleClient late = console(uuid, PanelTokens.websocket(uuid))) {
            late.send("send logs", (String) null);
            late.awaitArgContaining("console output", GameServers.DONE, Duration.ofSeconds(10));
            late.awaitArgContaining("console output", "booting", Duration.ofSeconds(10));
        }
    }

    @Test
    void commandWithoutControlConsoleNeverReachesTheProcess() {
        String uuid = newServer();
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        try (ConsoleClient viewer = console(uuid, PanelTokens.websocket(uuid).permissions("websocket.connect"));
                ConsoleClient owner = console(uuid, PanelTokens.websocket(uuid))) {
            viewer.send("send command", "from viewer");
            owner.send("send command", "from owner");
            viewer.awaitArgContaining("console output", "got: from owner", UP);
            assertThat(viewer.messages("console output")).noneMatch(m -> arg(m).contains("from viewer"));
            assertThat(viewer.events()).doesNotContain("daemon error", "jwt error");
        }
    }

    @Test
    void stopNeedsControlStopAndThenStopsTheServer() {
        String uuid = newServer();
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        try (ConsoleClient starter =
                        console(uuid, PanelTokens.websocket(uuid).permissions("websocket.connect", "control.start"));
                ConsoleClient stopper =
                        console(uuid, PanelTokens.websocket(uuid).permissions("websocket.connect", "control.stop"))) {
            starter.send("set state", "stop");
            starter.send("send stats", (String) null);
            starter.awaitEvent("stats", m -> true, Duration.ofSeconds(10));
            assertThat(daemon.state(uuid)).isEqualTo("running");
            stopper.send("set state", "stop");
            stopper.awaitEvent("status", m -> arg(m).equals("offline"), UP);
        }
    }

    @Test
    void powerActionWhileAnotherHoldsTheLockIsTheFixedDaemonErrorForEveryone() {
        // the stop command is one the game ignores, so the stop keeps waiting and holds the power lock
        String uuid = newServer(GameServers.server().stop("command", "please stop"));
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        try (ConsoleClient owner = console(uuid, PanelTokens.websocket(uuid))) {
            owner.send("set state", "stop");
            owner.awaitArgContaining("console output", "got: please stop", UP);
            owner.send("set state", "restart");
            // queued behind the stop for up to 30 s (README: power actions in quick succession), then refused
            assertThat(arg(owner.awaitEvent("daemon error", m -> true, Duration.ofSeconds(60))))
                    .matches(
                            "Error Event \\[[0-9a-f-]{36}\\]: "
                                    + "another power action is currently being processed for this server, please try again later");
            // kill does not wait for the lock
            owner.send("set state", "kill");
            owner.awaitEvent("status", m -> arg(m).equals("offline"), UP);
        }
    }

    @Test
    void startingARunningServerIsReportedAsADaemonError() {
        String uuid = newServer();
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        try (ConsoleClient admin = console(uuid, PanelTokens.websocket(uuid).permissions(PanelTokens.ROOT_ADMIN))) {
            admin.send("set state", "start");
            assertThat(arg(admin.awaitEvent("daemon error"))).endsWith(": server is running");
        }
    }
}
