package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.Chromium;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end in a real browser: a page on the Panel's origin fetches a token and socket address the
 * way the Panel's console does ({@code GET /api/client/servers/<id>/websocket}), connects, sends
 * {@code auth}, then {@code send logs} and {@code send stats} on {@code auth success}, and a command;
 * the echo comes back from the game server in its Docker container.
 * Spec: websocket-sftp-activity.md §1.2, §1.5, §1.13.
 */
class ConsoleBrowserTest {
    private static final String PAGE = """
            <!doctype html>
            <html><body><pre id="console"></pre><div id="status">connecting</div>
            <script>
            const out = document.getElementById('console');
            fetch('/api/client/servers/%s/websocket').then(r => r.json()).then(({data}) => {
              const socket = new WebSocket(data.socket);
              const send = (event, ...args) => socket.send(JSON.stringify({event, args: args.length ? args : [null]}));
              socket.onopen = () => send('auth', data.token);
              socket.onclose = e => document.getElementById('status').textContent = 'closed ' + e.code;
              socket.onmessage = e => {
                const {event, args} = JSON.parse(e.data);
                if (event === 'auth success') {
                  document.getElementById('status').textContent = 'connected';
                  send('send logs');
                  send('send stats');
                  send('send command', 'hello from chromium');
                } else if (event === 'console output') {
                  out.textContent += args[0] + '\\n';
                } else if (event === 'stats') {
                  document.getElementById('status').dataset.state = JSON.parse(args[0]).state;
                }
              };
            });
            </script></body></html>
            """;

    @Test
    void panelConsolePageInChromiumSendsACommandAndShowsTheContainersEcho() throws Exception {
        assumeThat(Chromium.available())
                .as("chromium and chromium-driver installed")
                .isTrue();
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
                TestDaemon daemon = new TestDaemon(panel, "").start()) {
            String uuid = panel.addServer(GameServers.server());
            try {
                assertThat(daemon.http()
                                .postJson("/api/servers", "{\"uuid\":\"" + uuid + "\",\"start_on_completion\":true}")
                                .statusCode())
                        .isEqualTo(202);
                daemon.awaitState(uuid, "running", Duration.ofSeconds(60));
                Instant started = Instant.now();
                await().until(() -> Instant.now().getEpochSecond() > started.getEpochSecond());
                panel.servePage("/server/" + uuid, "text/html; charset=utf-8", PAGE.formatted(uuid));
                panel.servePage(
                        "/api/client/servers/" + uuid + "/websocket",
                        "application/json",
                        "{\"data\":{\"token\":\"" + PanelTokens.websocket(uuid).sign()
                                + "\",\"socket\":\"ws://127.0.0.1:" + daemon.port() + "/api/servers/" + uuid
                                + "/ws\"}}");
                try (Chromium chromium = Chromium.start()) {
                    chromium.open(panel.url() + "/server/" + uuid);
                    await().atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> chromium.execute("return document.getElementById('console').textContent")
                                    .asText()
                                    .contains("got: hello from chromium"));
                    String console = chromium.execute("return document.getElementById('console').textContent")
                            .asText();
                    // send logs replayed the boot output before the command's echo
                    assertThat(console.indexOf(GameServers.DONE))
                            .isNotNegative()
                            .isLessThan(console.indexOf("got: hello from chromium"));
                    assertThat(chromium.execute("return document.getElementById('status').textContent")
                                    .asText())
                            .isEqualTo("connected");
                    assertThat(chromium.execute("return document.getElementById('status').dataset.state")
                                    .asText())
                            .isEqualTo("running");
                }
            } finally {
                DockerCli.removeContainers(List.of(uuid));
            }
        }
    }
}
