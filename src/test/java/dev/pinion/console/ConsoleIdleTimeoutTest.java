package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.ConsoleClient;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An idle console is never closed where the connector's idle timeout closes every other idle
 * connection: the frontend gives up for good on Jetty's 1001 "Idle Timeout". The timeout is set to 2 s
 * here ({@code pinion.http_idle_timeout_seconds}; 30 s by default) so the test waits seconds, not
 * half a minute, and a plain keep-alive connection shows the timeout does apply to the API.
 */
class ConsoleIdleTimeoutTest {
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static FakePanel panel;
    private static TestDaemon daemon;
    private static String uuid;

    @BeforeAll
    static void boot() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        uuid = panel.addServer(GameServers.server());
        daemon = new TestDaemon(panel, "pinion:\n  http_idle_timeout_seconds: " + IDLE.toSeconds() + "\n").start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
        // Tokens issued in the second the daemon started are refused (boot-time rule): start a second later.
        Instant started = Instant.now();
        await().until(() -> Instant.now().getEpochSecond() > started.getEpochSecond());
    }

    @AfterAll
    static void cleanUp() {
        daemon.close();
        panel.close();
        DockerCli.removeContainers(List.of(uuid));
    }

    @Test
    void anIdleKeepAliveApiConnectionIsClosedAfterTheTimeout() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), daemon.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/system HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestNode.TOKEN
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            long began = System.nanoTime();
            // Reads the answer, then waits for the server to close the idle connection.
            while (in.read() >= 0) {
                // the answer's bytes
            }
            Duration open = Duration.ofNanos(System.nanoTime() - began);
            assertThat(open).isGreaterThanOrEqualTo(IDLE.minusMillis(200)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void anIdleConsoleOutlivesTheConnectorsIdleTimeout() {
        try (ConsoleClient client = ConsoleClient.connect(daemon.port(), uuid, panel.url())
                .authenticate(PanelTokens.websocket(uuid)
                        .expiresAt(Instant.now().plusSeconds(3600))
                        .sign())) {
            client.awaitEvent("stats");
            await().during(IDLE.multipliedBy(3)).atMost(IDLE.multipliedBy(4)).until(() -> !client.isClosed());
            int before = client.messages("stats").size();
            client.send("send stats", (String) null);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> client.messages("stats").size() > before);
        }
    }
}
