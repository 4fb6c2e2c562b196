package dev.pinion.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.PrometheusText;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Operator tasks on the admin port: re-sync every server from the Panel; the log level at runtime. */
class AdminTasksTest {
    private static FakePanel panel;
    private static TestDaemon daemon;
    private static ServerConfigBuilder server;
    private static String uuid;

    @BeforeAll
    static void boot() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        server = GameServers.server().memory(128);
        uuid = panel.addServer(server);
        daemon = new TestDaemon(panel, "").start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> daemon.servers().get(uuid).isPresent());
    }

    @AfterAll
    static void stop() {
        daemon.close();
        panel.close();
    }

    private static HttpResponse<String> task(String path) {
        Http admin = new Http(daemon.adminPort());
        return admin.send(admin.request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void resyncServersAppliesWhatThePanelChanged() {
        panel.updateServer(server.memory(256));

        var response = task("/tasks/" + ResyncServersTask.NAME);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(uuid + ": synced").contains("1 synced, 0 failed");
        assertThat(daemon.servers()
                        .get(uuid)
                        .orElseThrow()
                        .server()
                        .configuration()
                        .settings()
                        .build()
                        .memoryLimit())
                .isEqualTo(256);
        Http admin = new Http(daemon.adminPort());
        PrometheusText metrics = PrometheusText.parse(
                admin.send(admin.request("/prometheus").GET()).body());
        assertThat(metrics.value("pinion_server_memory_limit_bytes", Map.of("uuid", uuid)))
                .contains(256.0 * 1024 * 1024);
    }

    @Test
    void aServerThePanelRefusesIsReportedAndTheOthersGoOn() {
        // A refusal the Panel client does not retry (5xx would be retried).
        panel.failAlways(FakePanel.call("GET", "/servers/" + uuid), 404);
        HttpResponse<String> response;
        try {
            response = task("/tasks/" + ResyncServersTask.NAME);
        } finally {
            panel.clearFaults();
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(uuid + ": failed").contains("0 synced, 1 failed");
    }

    @Test
    void theLogLevelChangesAtRuntime() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.pinion.pull");
        Level before = logger.getLevel();
        try {
            var response = task("/tasks/log-level?logger=dev.pinion.pull&level=TRACE");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(logger.getLevel()).isEqualTo(Level.TRACE);
        } finally {
            logger.setLevel(before);
        }
    }
}
