package dev.pinion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Servers from the Panel in real Docker containers: boot, create, power, console, limits, delete.
 * Spec: server-lifecycle-docker.md §1.7, §2.3, §2.5, §2.9, §3.3; panel-to-wings-api.md §3.4, §4.1–4.5.
 */
class ServerLifecycleTest {
    private static final Duration UP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CREATED = new ArrayList<>();
    private static FakePanel panel;
    private static TestDaemon daemon;
    private static List<String> booted;

    @BeforeAll
    static void boot() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        booted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            booted.add(panel.addServer(GameServers.server()));
        }
        CREATED.addAll(booted);
        daemon = new TestDaemon(panel, "").start();
    }

    @AfterAll
    static void cleanUp() {
        daemon.close();
        panel.close();
        DockerCli.removeContainers(CREATED);
    }

    private static String newServer(ServerConfigBuilder server) {
        String uuid = panel.addServer(server);
        CREATED.add(uuid);
        var response =
                daemon.http().postJson("/api/servers", "{\"uuid\":\"" + uuid + "\",\"start_on_completion\":false}");
        assertThat(response.statusCode()).isEqualTo(202);
        // The install runs first and power actions are refused meanwhile (spec §1.4, §5.1).
        panel.awaitRequest(FakePanel.call("POST", "/servers/" + uuid + "/install"), UP);
        await().atMost(UP)
                .until(() -> daemon.servers()
                        .get(uuid)
                        .map(s -> !s.server().installing().get())
                        .orElse(false));
        return uuid;
    }

    private static String runningServer() {
        String uuid = newServer(GameServers.server());
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        return uuid;
    }

    private static JsonNode inspect(String uuid) throws Exception {
        return JSON.readTree(DockerCli.run("inspect", uuid)).get(0);
    }

    @Test
    void bootLoadsEveryServerAcrossPanelPages() {
        await().atMost(UP)
                .until(() -> Http.json(daemon.http().get("/api/servers")).size() >= booted.size());
        List<String> listed = new ArrayList<>();
        Http.json(daemon.http().get("/api/servers"))
                .forEach(s -> listed.add(s.path("configuration").path("uuid").asText()));
        assertThat(listed).containsAll(booted);
        // five servers at two per page: pages 1, 2 and 3 were fetched
        assertThat(panel.requests(FakePanel.call("GET", "/servers")).size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void detailsHaveWingsShape() {
        String uuid = booted.get(0);
        JsonNode details = daemon.details(uuid);
        assertThat(details.path("state").asText()).isEqualTo("offline");
        assertThat(details.path("is_suspended").asBoolean()).isFalse();
        assertThat(details.path("utilization").path("network").has("rx_bytes")).isTrue();
        assertThat(details.path("utilization").path("state").asText()).isEqualTo("offline");
        assertThat(details.path("configuration").path("uuid").asText()).isEqualTo(uuid);
        assertThat(details.path("configuration").path("container").path("image").asText())
                .isEqualTo(GameServers.IMAGE);
        assertThat(details.path("configuration").path("crash_detection_enabled").asBoolean())
                .isTrue();
    }

    @Test
    void createdServerIsReportedInstalledToThePanelAndListed() {
        String uuid = newServer(GameServers.server());
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/install"))
                        .get(0)
                        .json()
                        .path("successful")
                        .asBoolean())
                .as("the default install script runs in the local image and succeeds")
                .isTrue();
        assertThat(daemon.state(uuid)).isEqualTo("offline");
    }

    @Test
    void startReachesRunningThroughTheDoneLineAndTheContainerHasWingsLimits() throws Exception {
        String uuid = runningServer();
        daemon.awaitConsole(uuid, GameServers.DONE + " on port", UP);

        JsonNode container = inspect(uuid);
        JsonNode host = container.path("HostConfig");
        assertThat(host.path("Memory").asLong()).isEqualTo(147_200_000L);
        assertThat(host.path("MemoryReservation").asLong()).isEqualTo(128_000_000L);
        assertThat(host.path("CpuQuota").asLong()).isEqualTo(50_000L);
        assertThat(host.path("PidsLimit").asLong()).isEqualTo(512);
        assertThat(host.path("ReadonlyRootfs").asBoolean()).isTrue();
        assertThat(host.path("NetworkMode").asText()).isEqualTo("pterodactyl_nw");
        assertThat(host.path("Mounts").get(0).path("Target").asText()).isEqualTo("/home/container");
        assertThat(host.path("Mounts").get(0).path("Source").asText()).endsWith("/" + uuid);
        String port = container.path("Config").path("Env").toString().replaceAll(".*SERVER_PORT=(\\d+).*", "$1");
        assertThat(host.path("PortBindings")
                        .path(port + "/tcp")
                        .get(0)
                        .path("HostIp")
                        .asText())
                .isEqualTo("172.18.0.1");
        assertThat(host.path("PortBindings").has(port + "/udp")).isTrue();
        assertThat(container.path("Config").path("Labels").path("Service").asText())
                .isEqualTo("Pterodactyl");
        assertThat(container.path("Config").path("Env").toString())
                .contains("STARTUP=" + GameServers.INVOCATION.replace("\"", "\\\""))
                .contains("SERVER_IP=172.18.0.1")
                .contains("P_SERVER_UUID=" + uuid);
    }

    @Test
    void commandIsWrittenToTheProcessAndItsAnswerReachesTheConsole() {
        String uuid = runningServer();
        var response = daemon.http().postJson("/api/servers/" + uuid + "/commands", "{\"commands\":[\"say hello\"]}");
        assertThat(response.statusCode()).isEqualTo(204);
        daemon.awaitConsole(uuid, "got: say hello", UP);
    }

    @Test
    void stopByCommandEndsTheProcessCleanly() throws Exception {
        String uuid = runningServer();
        daemon.power(uuid, "stop");
        daemon.awaitState(uuid, "offline", UP);
        JsonNode state = inspect(uuid).path("State");
        assertThat(state.path("Running").asBoolean()).isFalse();
        assertThat(state.path("ExitCode").asInt()).isZero();
    }

    @Test
    void stopBySignalCaretCSendsSigintSoTheServerSaves() throws Exception {
        String uuid = newServer(GameServers.server().stop("signal", "C"));
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        daemon.power(uuid, "stop");
        daemon.awaitState(uuid, "offline", UP);
        assertThat(inspect(uuid).path("State").path("ExitCode").asInt()).isZero();
    }

    @Test
    void killEndsTheProcessAtOnce() throws Exception {
        String uuid = runningServer();
        daemon.power(uuid, "kill");
        daemon.awaitState(uuid, "offline", UP);
        await().atMost(UP)
                .until(() -> !inspect(uuid).path("State").path("Running").asBoolean());
        assertThat(inspect(uuid).path("State").path("ExitCode").asInt()).isEqualTo(137);
    }

    @Test
    void restartStopsAndStartsANewContainer() throws Exception {
        String uuid = runningServer();
        String firstContainer = inspect(uuid).path("Id").asText();
        daemon.power(uuid, "restart");
        await().atMost(UP)
                .ignoreExceptions()
                .until(() -> !inspect(uuid).path("Id").asText().equals(firstContainer));
        daemon.awaitState(uuid, "running", UP);
    }

    @Test
    void processThatDiesOnItsOwnIsSeenOffline() throws Exception {
        String uuid = runningServer();
        daemon.http().postJson("/api/servers/" + uuid + "/commands", "{\"commands\":[\"crash\"]}");
        daemon.awaitState(uuid, "offline", UP);
        assertThat(inspect(uuid).path("State").path("ExitCode").asInt()).isEqualTo(3);
    }

    @Test
    void statsReportMemoryAndTheLimitWhileRunning() {
        String uuid = runningServer();
        await().atMost(UP)
                .until(() -> daemon.details(uuid)
                                .path("utilization")
                                .path("memory_bytes")
                                .asLong()
                        > 0);
        JsonNode utilization = daemon.details(uuid).path("utilization");
        // What the kernel enforces: the configured 147,200,000 bytes rounded down to a whole page.
        assertThat(utilization.path("memory_limit_bytes").asLong()).isBetween(147_200_000L - 4096, 147_200_000L);
        assertThat(utilization.path("state").asText()).isEqualTo("running");
    }

    @Test
    void deleteRemovesTheContainerAndFilesAndLaterRequestsAre404() throws Exception {
        String uuid = runningServer();
        Path root = Path.of(daemon.node().root() + "/lib/volumes", uuid);
        Files.writeString(root.resolve("world.dat"), "data");

        var response = daemon.http()
                .send(daemon.http().authorized("/api/servers/" + uuid).DELETE());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(daemon.http().get("/api/servers/" + uuid).statusCode()).isEqualTo(404);
        await().atMost(UP).until(() -> !Files.exists(root));
        assertThat(DockerCli.run("ps", "-a", "--filter", "name=^" + uuid + "$", "--format", "{{.ID}}"))
                .isEmpty();
    }

    @Test
    void syncAppliesNewLimitsToTheRunningContainerInPlace() throws Exception {
        ServerConfigBuilder config = GameServers.server();
        String uuid = newServer(config);
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        String container = inspect(uuid).path("Id").asText();

        panel.updateServer(config.memory(256).cpuLimit(100));
        var response = daemon.http()
                .send(daemon.http().authorized("/api/servers/" + uuid + "/sync").POST(BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(204);
        JsonNode host = inspect(uuid).path("HostConfig");
        assertThat(host.path("Memory").asLong()).isEqualTo(294_400_000L);
        assertThat(host.path("CpuQuota").asLong()).isEqualTo(100_000L);
        assertThat(inspect(uuid).path("Id").asText())
                .as("updated in place, not recreated")
                .isEqualTo(container);
        assertThat(daemon.state(uuid)).isEqualTo("running");
        // The details' stored configuration is cached per sync: the Panel sees the new limits at once.
        assertThat(daemon.details(uuid)
                        .path("configuration")
                        .path("build")
                        .path("memory_limit")
                        .asLong())
                .isEqualTo(256);
    }

    @Test
    void aStopThatHangsHoldsThePowerLockReinstallIsRefusedAndKillStillEndsIt() {
        String uuid = newServer(GameServers.server().stop("command", "halt"));
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);

        daemon.power(uuid, "stop"); // the game ignores "halt": the stop waits, holding the lock
        daemon.awaitConsole(uuid, "got: halt", UP);
        assertThat(daemon.state(uuid)).isEqualTo("stopping");
        var reinstall = daemon.http()
                .send(daemon.http()
                        .authorized("/api/servers/" + uuid + "/reinstall")
                        .POST(BodyPublishers.noBody()));
        assertThat(reinstall.statusCode()).isEqualTo(409);
        assertThat(Http.json(reinstall).path("error").asText())
                .isEqualTo("Cannot execute server reinstall event while another power action is running.");

        daemon.power(uuid, "kill");
        daemon.awaitState(uuid, "offline", UP);
        await().atMost(UP)
                .until(() -> daemon.http()
                                .send(daemon.http()
                                        .authorized("/api/servers/" + uuid + "/reinstall")
                                        .POST(BodyPublishers.noBody()))
                                .statusCode()
                        == 202);
    }

    @Test
    void malformedEggConfigFileIsNamedInTheConsoleLeftUntouchedAndTheServerStillStarts() throws Exception {
        // Spec server-lifecycle-docker.md §3.2 step 5: errors are reported and the start goes on.
        String uuid = newServer(GameServers.server()
                .config(
                        "{\"parser\":\"yaml\",\"file\":\"proxy.yml\",\"replace\":"
                                + "[{\"match\":\"listeners[0].host\",\"replace_with\":\"0.0.0.0:{{server.build.default.port}}\"}]}")
                .config("{\"parser\":\"properties\",\"file\":\"game.properties\",\"replace\":"
                        + "[{\"match\":\"server-port\",\"replace_with\":\"{{server.build.default.port}}\"}]}"));
        Path root = Path.of(daemon.node().root() + "/lib/volumes", uuid);
        String broken = "listeners: [unclosed\n  host: x\n";
        Files.writeString(root.resolve("proxy.yml"), broken);
        List<String> console = new CopyOnWriteArrayList<>();
        daemon.servers()
                .get(uuid)
                .orElseThrow()
                .server()
                .events()
                .subscribe(1000, Set.of(ServerEvent.CONSOLE_OUTPUT), e -> console.add(e.data()));

        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);

        assertThat(console)
                .anySatisfy(line -> assertThat(line)
                        .contains("[Pterodactyl Daemon]:")
                        .contains("proxy.yml")
                        .contains("yaml"));
        assertThat(Files.readString(root.resolve("proxy.yml"))).isEqualTo(broken);
        assertThat(Files.readString(root.resolve("game.properties"))).contains("server-port=");
    }

    @Test
    void unknownServerIs404() {
        var response = daemon.http().get("/api/servers/00000000-0000-4000-8000-000000000000");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Http.json(response).path("error").asText())
                .isEqualTo("The requested resource does not exist on this instance.");
    }

    @Test
    void invalidPowerActionIs422WithWingsMessage() {
        var response = daemon.http().postJson("/api/servers/" + booted.get(1) + "/power", "{\"action\":\"explode\"}");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(Http.json(response).path("error").asText())
                .isEqualTo(
                        "The power action provided was not valid, should be one of \"stop\", \"start\", \"restart\", \"kill\"");
    }

    @Test
    void commandToAStoppedServerIs502() {
        var response = daemon.http().postJson("/api/servers/" + booted.get(1) + "/commands", "{\"commands\":[\"x\"]}");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Http.json(response).path("error").asText())
                .isEqualTo("Cannot send commands to a stopped server instance.");
    }

    @Test
    void suspendedServerCannotStart() {
        String uuid = newServer(GameServers.server().suspended(true));
        var response = daemon.http().postJson("/api/servers/" + uuid + "/power", "{\"action\":\"start\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).path("error").asText())
                .isEqualTo("Cannot start or restart a server that is suspended.");
    }

    @Test
    void createWithAnInvalidUuidIs422AndCreatesNothing() {
        int before = Http.json(daemon.http().get("/api/servers")).size();
        var response = daemon.http().postJson("/api/servers", "{\"uuid\":\"not-a-uuid\"}");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(Http.json(daemon.http().get("/api/servers")).size()).isEqualTo(before);
    }
}
