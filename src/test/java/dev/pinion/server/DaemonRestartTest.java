package dev.pinion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What survives a daemon restart: running game servers keep running and are re-attached with their
 * console; servers that were running but whose container stopped are started again; a Panel that is
 * down at boot is waited for while the API serves. Spec: server-lifecycle-docker.md §1.7, §1.8;
 * spec README ("boot without the Panel succeeds").
 */
class DaemonRestartTest {
    private static final Duration UP = Duration.ofSeconds(60);
    private final List<String> created = new ArrayList<>();
    private FakePanel panel;
    private TestDaemon daemon;

    @AfterEach
    void cleanUp() {
        if (daemon != null) {
            daemon.close();
        }
        if (panel != null) {
            panel.close();
        }
        DockerCli.removeContainers(created);
    }

    private String addServer() {
        String uuid = panel.addServer(GameServers.server());
        created.add(uuid);
        return uuid;
    }

    private static boolean running(String uuid) throws Exception {
        return new ObjectMapper()
                .readTree(DockerCli.run("inspect", uuid))
                .get(0)
                .path("State")
                .path("Running")
                .asBoolean();
    }

    @Test
    void runningServerKeepsRunningAcrossARestartAndItsConsoleIsReattached() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        String uuid = addServer();
        daemon = new TestDaemon(panel, "").start();
        await().atMost(UP).until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        daemon.http().postJson("/api/servers/" + uuid + "/commands", "{\"commands\":[\"before restart\"]}");
        daemon.awaitConsole(uuid, "got: before restart", UP);
        List<String> changes = new CopyOnWriteArrayList<>();
        daemon.servers()
                .get(uuid)
                .orElseThrow()
                .server()
                .addStateListener((server, from, to) -> changes.add(from + ">" + to));

        daemon.stop();
        assertThat(running(uuid)).as("the game server outlives the daemon").isTrue();
        // Detaching is not an exit: no offline, so no crash handling and no restart on the way out.
        assertThat(changes).as("state changes while the daemon stopped").isEmpty();
        daemon.start();

        await().atMost(UP).until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
        daemon.awaitState(uuid, "running", UP);
        daemon.awaitConsole(uuid, "got: before restart", UP);
        daemon.http().postJson("/api/servers/" + uuid + "/commands", "{\"commands\":[\"after restart\"]}");
        daemon.awaitConsole(uuid, "got: after restart", UP);
    }

    @Test
    void serverThatWasRunningIsStartedAgainWhenItsContainerStoppedMeanwhile() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        String uuid = addServer();
        daemon = new TestDaemon(panel, "").start();
        await().atMost(UP).until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        Path states = Path.of(daemon.node().root() + "/lib/states.json");
        await().atMost(UP)
                .until(() -> Files.exists(states) && Files.readString(states).contains("\"" + uuid + "\":\"running\""));

        daemon.stop();
        DockerCli.run("kill", uuid);
        await().atMost(UP).until(() -> !running(uuid));
        daemon.start();

        await().atMost(UP).until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
        daemon.awaitState(uuid, "running", UP);
        assertThat(running(uuid)).isTrue();
    }

    @Test
    void panelAnsweringGarbageAtBootIsRetriedWhileTheApiServes() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        String uuid = addServer();
        panel.failNext(FakePanel.call("GET", "/servers"), 1, 200, "<html>not the Panel</html>");
        daemon = new TestDaemon(panel, "").start();

        assertThat(daemon.http().get("/api/system").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
        assertThat(panel.requests(FakePanel.call("GET", "/servers")).size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void panelDownAtBootTheApiServesAndServersLoadWhenItComesBack() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        String uuid = addServer();
        panel.goDown();
        daemon = new TestDaemon(panel, "").start();

        assertThat(daemon.http().get("/api/system").statusCode()).isEqualTo(200);
        assertThat(Http.json(daemon.http().get("/api/servers")).size()).isZero();

        panel.comeUp();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
        assertThat(daemon.state(uuid)).isEqualTo("offline");
    }
}
