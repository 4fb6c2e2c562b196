package dev.pinion.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.PrometheusText;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-server and node gauges on the admin port's /prometheus, with a real server in Docker: every
 * family is exported per uuid, and the values move with the server (state, CPU, memory, console).
 */
class ServerMetricsTest {
    private static final Duration UP = Duration.ofSeconds(60);
    private static final List<String> CREATED = new ArrayList<>();
    private static FakePanel panel;
    private static TestDaemon daemon;
    private static String uuid;

    @BeforeAll
    static void boot() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        uuid = panel.addServer(GameServers.server().disk(512));
        CREATED.add(uuid);
        daemon = new TestDaemon(panel, "").start();
        await().atMost(UP).until(() -> daemon.servers().get(uuid).isPresent());
    }

    @AfterAll
    static void cleanUp() {
        if (daemon != null) {
            daemon.close();
        }
        panel.close();
        DockerCli.removeContainers(CREATED);
    }

    private static PrometheusText scrape() {
        Http admin = new Http(daemon.adminPort());
        var response = admin.send(admin.request("/prometheus").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    private static double value(String name) {
        return scrape().value(name, Map.of("uuid", uuid)).orElseThrow(() -> new AssertionError(name + " not exported"));
    }

    @Test
    void everyPerServerFamilyIsExportedLabelledByUuidAndMovesWithTheServer() {
        PrometheusText offline = scrape();
        for (String family : ServerMetrics.FAMILIES) {
            String name = family.replace('.', '_') + (family.endsWith("console_lines") ? "_total" : "");
            assertThat(offline.value(name, Map.of("uuid", uuid))).as(name).isPresent();
        }
        assertThat(value("pinion_server_state")).isEqualTo(0.0);
        assertThat(value("pinion_server_memory_limit_bytes")).isEqualTo(128.0 * 1024 * 1024);
        assertThat(value("pinion_server_disk_limit_bytes")).isEqualTo(512.0 * 1024 * 1024);

        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        // Keep working inside the container's cgroup until it stops, so every stats sample from now
        // on shows CPU time (a short burst can fall between two samples and read as 0.0).
        DockerCli.run("exec", "-d", uuid, "sh", "-c", "while :; do :; done");
        await().atMost(UP).untilAsserted(() -> {
            assertThat(value("pinion_server_state")).isEqualTo(2.0);
            assertThat(value("pinion_server_memory_bytes")).isPositive();
            assertThat(value("pinion_server_cpu_absolute")).isPositive();
            assertThat(value("pinion_server_uptime_seconds")).isGreaterThanOrEqualTo(0.0);
            assertThat(scrape().value("pinion_node_servers", Map.of("state", "running")))
                    .contains(1.0);
        });
        double linesBefore = value("pinion_server_console_lines_total");
        daemon.http().postJson("/api/servers/" + uuid + "/commands", "{\"commands\":[\"one\",\"two\",\"three\"]}");
        await().atMost(UP)
                .untilAsserted(() ->
                        assertThat(value("pinion_server_console_lines_total")).isGreaterThanOrEqualTo(linesBefore + 3));

        daemon.power(uuid, "stop");
        daemon.awaitState(uuid, "offline", UP);
        await().atMost(UP).untilAsserted(() -> {
            assertThat(value("pinion_server_state")).isEqualTo(0.0);
            assertThat(value("pinion_server_memory_bytes")).isEqualTo(0.0);
            assertThat(scrape().value("pinion_node_servers", Map.of("state", "offline")))
                    .contains(1.0);
        });
    }

    @Test
    void nodeGaugesAreExported() {
        PrometheusText text = scrape();
        for (String name : List.of(
                "pinion_node_installs_running",
                "pinion_node_console_sockets",
                "pinion_node_pulls_running",
                "pinion_node_backups_running",
                "pinion_node_transfers_running",
                "pinion_node_sftp_sessions")) {
            assertThat(text.has(name)).as(name).isTrue();
        }
        for (String state : List.of("offline", "starting", "running", "stopping")) {
            assertThat(text.value("pinion_node_servers", Map.of("state", state)))
                    .as(state)
                    .isPresent();
        }
    }

    @Test
    void aDeletedServersSeriesDisappear() {
        String other = panel.addServer(GameServers.server());
        CREATED.add(other);
        var created =
                daemon.http().postJson("/api/servers", "{\"uuid\":\"" + other + "\",\"start_on_completion\":false}");
        assertThat(created.statusCode()).isEqualTo(202);
        await().atMost(UP)
                .until(() -> scrape().value("pinion_server_state", Map.of("uuid", other))
                        .isPresent());
        await().atMost(UP)
                .until(() -> daemon.servers()
                        .get(other)
                        .map(s -> !s.server().installing().get())
                        .orElse(false));

        var deleted = daemon.http()
                .send(daemon.http().authorized("/api/servers/" + other).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);

        PrometheusText after = scrape();
        assertThat(after.samples()).noneMatch(s -> other.equals(s.labels().get("uuid")));
        assertThat(after.value("pinion_server_state", Map.of("uuid", uuid))).isPresent();
    }
}
