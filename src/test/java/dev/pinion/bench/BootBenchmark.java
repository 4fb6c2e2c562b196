package dev.pinion.bench;

import static org.awaitility.Awaitility.await;

import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Boot of 100 servers from a fake Panel until every one is re-attached to its running container
 * (issue: servers in Docker, "Performance"). Run with bench/boot-100-servers.sh; prints the figures.
 */
@Tag("bench")
class BootBenchmark {
    private static final int SERVERS = Integer.getInteger("pinion.bench.servers", 100);

    @Test
    void bootOf100RunningServers() throws Exception {
        List<String> uuids = new ArrayList<>();
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN)) {
            for (int i = 0; i < SERVERS; i++) {
                ServerConfigBuilder server = GameServers.server();
                uuids.add(panel.addServer(server));
            }
            TestDaemon daemon = new TestDaemon(panel, "remote_query:\n  boot_servers_per_page: 50\n").start();
            try {
                await().atMost(Duration.ofMinutes(5))
                        .until(() ->
                                Http.json(daemon.http().get("/api/servers")).size() == SERVERS);
                long startAll = System.nanoTime();
                for (String uuid : uuids) {
                    daemon.power(uuid, "start");
                }
                await().atMost(Duration.ofMinutes(10))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> uuids.stream().allMatch(u -> "running".equals(daemon.state(u))));
                System.out.printf(
                        "BENCH start of %d servers to running: %d ms%n",
                        SERVERS, (System.nanoTime() - startAll) / 1_000_000);
                Path states = Path.of(daemon.node().root() + "/lib/states.json");
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> Files.readString(states).split("running").length - 1 == SERVERS);

                daemon.stop();
                long bootStart = System.nanoTime();
                daemon.start();
                await().atMost(Duration.ofMinutes(10))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            var list = Http.json(daemon.http().get("/api/servers"));
                            if (list.size() < SERVERS) {
                                return false;
                            }
                            for (var server : list) {
                                if (!"running".equals(server.path("state").asText())) {
                                    return false;
                                }
                            }
                            return true;
                        });
                System.out.printf(
                        "BENCH daemon boot with %d running servers, until all attached: %d ms%n",
                        SERVERS, (System.nanoTime() - bootStart) / 1_000_000);
            } finally {
                daemon.close();
            }
        } finally {
            DockerCli.removeContainers(uuids);
        }
    }
}
