package dev.pinion.server.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.PowerAction;
import dev.pinion.server.PowerActionException;
import dev.pinion.server.ServerEvent;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.RecordedRequest;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Install scripts run in real {@code <uuid>_installer} containers against the fake Panel. Spec:
 * server-lifecycle-docker.md §5 (the installer), §1.4 (the installing flag); wings-to-panel A6, A7;
 * README decisions "installer isolation (CVE-2023-32080)" and the install result reporting.
 */
class ServerInstallTest {
    private static final Duration UP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = "pinion-test/game:latest";
    // Blocks until the test creates /mnt/server/release, so a test can act while it runs.
    private static final String BLOCKING_SCRIPT =
            "#!/bin/ash\necho waiting\n" + "while [ ! -f /mnt/server/release ]; do sleep 0.1; done\necho released\n";

    private final List<String> created = new ArrayList<>();
    private FakePanel panel;
    private TestDaemon daemon;

    @BeforeEach
    void startPanel() {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
    }

    @AfterEach
    void cleanUp() {
        if (daemon != null) {
            daemon.close();
        }
        panel.close();
        for (String uuid : created) {
            DockerCli.removeContainers(List.of(uuid, uuid + "_installer"));
        }
    }

    private String addServer(boolean skipScripts) {
        String uuid = panel.addServer(GameServers.server().skipEggScripts(skipScripts));
        created.add(uuid);
        return uuid;
    }

    private ManagedServer boot(String uuid) throws Exception {
        daemon = new TestDaemon(panel, "").start();
        assertThat(daemon.servers().awaitBoot(UP)).isTrue();
        return daemon.servers().get(uuid).orElseThrow();
    }

    private void postInstall(String uuid, String kind) {
        assertThat(daemon.http()
                        .postJson("/api/servers/" + uuid + "/" + kind, "")
                        .statusCode())
                .isEqualTo(202);
    }

    private JsonNode awaitInstallReport(String uuid) {
        return panel.awaitRequest(FakePanel.call("POST", "/servers/" + uuid + "/install"), UP)
                .json();
    }

    private Path volume(String uuid) {
        return daemon.node().root().resolve("lib/volumes/" + uuid);
    }

    private Path installLog(String uuid) {
        return daemon.node().root().resolve("log/install/" + uuid + ".log");
    }

    private static boolean containerExists(String name) {
        return !DockerCli.run("ps", "-a", "--filter", "name=^" + name + "$", "--format", "{{.ID}}")
                .isBlank();
    }

    private static boolean containerRunning(String name) {
        return !DockerCli.run("ps", "--filter", "name=^" + name + "$", "--format", "{{.ID}}")
                .isBlank();
    }

    private void release(String uuid) throws Exception {
        Files.writeString(volume(uuid).resolve("release"), "");
    }

    @Test
    void installRunsTheScriptInItsContainerWritesTheVolumeAndReportsSuccess() throws Exception {
        String uuid = addServer(false);
        panel.setInstallScript(
                uuid,
                IMAGE,
                "ash",
                "#!/bin/ash\r\necho \"installing into $(pwd) for port $SERVER_PORT\"\r\n"
                        + "echo hello > /mnt/server/installed.txt\r\necho done installing\r\n");
        ManagedServer server = boot(uuid);
        try (EventRecorder events = new EventRecorder(server.server().events())) {
            postInstall(uuid, "install");

            JsonNode report = awaitInstallReport(uuid);
            assertThat(report.path("successful").asBoolean()).isTrue();
            assertThat(report.path("reinstall").asBoolean()).isFalse();
            assertThat(Files.readString(volume(uuid).resolve("installed.txt"))).isEqualTo("hello\n");

            await().atMost(UP).until(() -> events.topics().contains(ServerEvent.INSTALL_COMPLETED));
            assertThat(events.data(ServerEvent.INSTALL_STARTED)).containsExactly("");
            assertThat(events.data(ServerEvent.DAEMON_MESSAGE))
                    .containsExactly("Starting installation process, this could take a few minutes...");
            assertThat(events.data(ServerEvent.INSTALL_OUTPUT))
                    .contains("done installing", "Installation process exited with code 0");
            assertThat(events.data(ServerEvent.INSTALL_OUTPUT).get(0)).matches("installing into /\\S* for port \\d+");
            assertThat(events.topics().indexOf(ServerEvent.INSTALL_STARTED))
                    .isLessThan(events.topics().indexOf(ServerEvent.INSTALL_OUTPUT));
            assertThat(events.topics().lastIndexOf(ServerEvent.INSTALL_OUTPUT))
                    .isLessThan(events.topics().indexOf(ServerEvent.INSTALL_COMPLETED));
        }
        assertThat(containerExists(uuid + "_installer"))
                .as("the installer is removed")
                .isFalse();
        assertThat(daemon.node().root().resolve("tmp/" + uuid)).doesNotExist();
        assertThat(daemon.state(uuid)).isEqualTo("offline");
    }

    @Test
    void installLogHasWingsHeaderTheRawOutputAndTheExitCodeWithMode0600() throws Exception {
        String uuid = addServer(false);
        panel.setInstallScript(uuid, IMAGE, "ash", "echo first line\necho second line\n");
        boot(uuid);
        postInstall(uuid, "install");
        awaitInstallReport(uuid);

        Path log = installLog(uuid);
        String text = Files.readString(log);
        assertThat(text)
                .startsWith("Pterodactyl Server Installation Log\n\n|\n| Details\n| ------------------------------\n"
                        + "  Server UUID:          " + uuid + "\n"
                        + "  Container Image:      " + IMAGE + "\n"
                        + "  Container Entrypoint: ash\n\n|\n| Environment Variables\n| ------------------------------\n"
                        + "  TZ=");
        assertThat(text).contains("  STARTUP=sh -c &#39;echo booting;");
        assertThat(text)
                .contains("\n\n\n|\n| Script Output\n| ------------------------------\n"
                        + "first line\r\nsecond line\r\n\nInstallation process exited with code 0\n");
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void failingScriptIsStillReportedSuccessfulAndItsExitCodeIsLogged() throws Exception {
        String uuid = addServer(false);
        panel.setInstallScript(uuid, IMAGE, "ash", "echo about to fail\nexit 1\n");
        ManagedServer server = boot(uuid);
        try (EventRecorder events = new EventRecorder(server.server().events())) {
            postInstall(uuid, "install");
            assertThat(awaitInstallReport(uuid).path("successful").asBoolean())
                    .as("Wings never checks the script's exit code (§5.2, README)")
                    .isTrue();
            await().atMost(UP)
                    .until(() -> events.data(ServerEvent.INSTALL_OUTPUT)
                            .contains("Installation process exited with code 1"));
        }
        assertThat(Files.readString(installLog(uuid)))
                .endsWith("about to fail\r\n\nInstallation process exited with code 1\n");
    }

    @Test
    void installerThatCannotRunIsReportedFailed() throws Exception {
        String uuid = addServer(false);
        // Not present locally and no registry reachable: the pull fails with no local fallback.
        panel.setInstallScript(uuid, "registry.invalid/nothing/here:1", "ash", "echo never\n");
        boot(uuid);
        postInstall(uuid, "install");
        assertThat(awaitInstallReport(uuid).path("successful").asBoolean()).isFalse();
        await().atMost(UP).until(() -> "install_failed".equals(panel.serverStatus(uuid)));
    }

    @Test
    void reinstallReportsReinstallTrue() throws Exception {
        String uuid = addServer(false);
        panel.setInstallScript(uuid, IMAGE, "ash", "echo again > /mnt/server/again.txt\n");
        boot(uuid);
        postInstall(uuid, "reinstall");
        JsonNode report = awaitInstallReport(uuid);
        assertThat(report.path("successful").asBoolean()).isTrue();
        assertThat(report.path("reinstall").asBoolean()).isTrue();
        assertThat(volume(uuid).resolve("again.txt")).hasContent("again");
    }

    @Test
    void skipEggScriptsRunsNothingButReportsSuccessAndCompletes() throws Exception {
        String uuid = addServer(true);
        panel.setInstallScript(uuid, IMAGE, "ash", "echo ran > /mnt/server/ran.txt\n");
        ManagedServer server = boot(uuid);
        try (EventRecorder events = new EventRecorder(server.server().events())) {
            postInstall(uuid, "install");
            assertThat(awaitInstallReport(uuid).path("successful").asBoolean()).isTrue();
            await().atMost(UP).until(() -> events.topics().contains(ServerEvent.INSTALL_COMPLETED));
            assertThat(events.topics()).doesNotContain(ServerEvent.INSTALL_STARTED, ServerEvent.INSTALL_OUTPUT);
        }
        assertThat(volume(uuid).resolve("ran.txt")).doesNotExist();
        assertThat(panel.requests(FakePanel.call("GET", "/servers/" + uuid + "/install")))
                .isEmpty();
    }

    @Test
    void secondInstallWhileOneRunsIsRefusedAndReportedFailed() throws Exception {
        String uuid = addServer(false);
        panel.setInstallScript(uuid, IMAGE, "ash", BLOCKING_SCRIPT);
        ManagedServer server = boot(uuid);
        postInstall(uuid, "install");
        await().atMost(UP).until(() -> containerRunning(uuid + "_installer"));

        postInstall(uuid, "install");
        JsonNode refused = awaitInstallReport(uuid);
        assertThat(refused.path("successful").asBoolean()).isFalse();
        assertThat(server.server().installing().get())
                .as("the first install still holds the lock")
                .isTrue();

        release(uuid);
        List<RecordedRequest> reports =
                panel.awaitRequests(FakePanel.call("POST", "/servers/" + uuid + "/install"), 2, UP);
        assertThat(reports.get(1).json().path("successful").asBoolean()).isTrue();
    }

    @Test
    void startIsRefusedWhileInstalling() throws Exception {
        String uuid = addServer(false);
        panel.setInstallScript(uuid, IMAGE, "ash", BLOCKING_SCRIPT);
        ManagedServer server = boot(uuid);
        postInstall(uuid, "install");
        await().atMost(UP).until(() -> server.server().installing().get());

        assertThatThrownBy(() -> server.power().handle(PowerAction.START, 0))
                .isInstanceOf(PowerActionException.class)
                .hasMessage("server is currently installing");
        release(uuid);
        awaitInstallReport(uuid);
    }

    @Test
    void installerContainerIsIsolatedAndNeverPrivileged() throws Exception {
        String uuid = addServer(false);
        panel.setInstallScript(uuid, IMAGE, "ash", BLOCKING_SCRIPT);
        boot(uuid);
        postInstall(uuid, "install");
        await().atMost(UP).until(() -> containerRunning(uuid + "_installer"));

        JsonNode container =
                JSON.readTree(DockerCli.run("inspect", uuid + "_installer")).get(0);
        JsonNode host = container.path("HostConfig");
        assertThat(host.path("Privileged").asBoolean()).isFalse();
        assertThat(host.path("PidsLimit").asLong()).isEqualTo(512);
        assertThat(JSON.convertValue(host.path("CapDrop"), List.class))
                .containsExactlyInAnyOrder(
                        "setpcap",
                        "mknod",
                        "audit_write",
                        "net_raw",
                        "dac_override",
                        "fowner",
                        "fsetid",
                        "net_bind_service",
                        "sys_chroot",
                        "setfcap");
        assertThat(JSON.convertValue(host.path("SecurityOpt"), List.class)).containsExactly("no-new-privileges");
        // The game server has 128 MB; the installer gets docker.installer_limits.memory (1024 MB) × 1.15.
        assertThat(host.path("Memory").asLong()).isEqualTo(1_177_600_000L);
        assertThat(host.path("CpuQuota").asLong())
                .as("cpu 50 < installer 100 → 100")
                .isEqualTo(100_000L);
        assertThat(container.path("Config").path("Hostname").asText()).isEqualTo("installer");
        assertThat(container.path("Config").path("Labels").path("ContainerType").asText())
                .isEqualTo("server_installer");
        assertThat(JSON.convertValue(container.path("Config").path("Cmd"), List.class))
                .containsExactly("ash", "/mnt/install/install.sh");
        assertThat(container.path("Config").path("Env").toString()).contains("SERVER_IP=127.0.0.1");
        List<String> mounts = new ArrayList<>();
        host.path("Mounts")
                .forEach(m -> mounts.add(
                        m.path("Source").asText() + "->" + m.path("Target").asText()));
        assertThat(mounts)
                .containsExactly(
                        volume(uuid) + "->/mnt/server", daemon.node().root().resolve("tmp/" + uuid) + "->/mnt/install");

        release(uuid);
        awaitInstallReport(uuid);
    }

    @Test
    void deletingTheServerDuringItsInstallRemovesTheInstallerAndReportsNothing() throws Exception {
        String uuid = addServer(false);
        panel.setInstallScript(uuid, IMAGE, "ash", BLOCKING_SCRIPT);
        ManagedServer server = boot(uuid);
        postInstall(uuid, "install");
        await().atMost(UP).until(() -> containerRunning(uuid + "_installer"));

        var deleted = daemon.http()
                .send(daemon.http().authorized("/api/servers/" + uuid).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        await().atMost(UP).until(() -> !containerExists(uuid + "_installer"));
        await().atMost(UP).until(() -> !server.server().installing().get());
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/install"))
                        .isEmpty());
    }

    @Test
    void daemonRestartMidInstallEndsFailedNotInstalled() throws Exception {
        String uuid = addServer(false);
        panel.setInstallScript(uuid, IMAGE, "ash", BLOCKING_SCRIPT);
        boot(uuid);
        panel.setServerStatus(uuid, "installing");
        postInstall(uuid, "reinstall");
        await().atMost(UP).until(() -> containerRunning(uuid + "_installer"));

        daemon.stop();
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + uuid + "/install")))
                .as("a shutdown reports nothing")
                .isEmpty();
        assertThat(containerExists(uuid + "_installer")).isTrue();
        panel.clearRequests();
        daemon.start();

        JsonNode report = awaitInstallReport(uuid);
        assertThat(report.path("successful").asBoolean()).isFalse();
        assertThat(report.path("reinstall").asBoolean()).isTrue();
        panel.awaitRequest(FakePanel.call("POST", "/servers/reset"), UP);
        List<RecordedRequest> calls = panel.requests();
        int reported = indexOf(calls, "/servers/" + uuid + "/install");
        int reset = indexOf(calls, "/servers/reset");
        assertThat(reported).as("the failure is reported before the reset").isLessThan(reset);
        assertThat(panel.serverStatus(uuid)).isEqualTo("reinstall_failed");
        assertThat(containerExists(uuid + "_installer")).isFalse();
        assertThat(Files.readString(installLog(uuid)))
                .contains("waiting")
                .endsWith("Installation interrupted by a daemon restart; reported as failed.\n");
    }

    private String createOnRunningDaemon(String image) throws Exception {
        daemon = new TestDaemon(panel, "").start();
        assertThat(daemon.servers().awaitBoot(UP)).isTrue();
        String uuid = addServer(false);
        panel.setInstallScript(uuid, image, "ash", "echo installed\n");
        var response =
                daemon.http().postJson("/api/servers", "{\"uuid\":\"" + uuid + "\",\"start_on_completion\":true}");
        assertThat(response.statusCode()).isEqualTo(202);
        return uuid;
    }

    @Test
    void newServerWithStartOnCompletionStartsAfterASuccessfulInstall() throws Exception {
        String uuid = createOnRunningDaemon(IMAGE);
        assertThat(awaitInstallReport(uuid).path("successful").asBoolean()).isTrue();
        daemon.awaitState(uuid, "running", UP);
    }

    @Test
    void newServerWithStartOnCompletionIsNotStartedAfterAFailedInstall() throws Exception {
        String uuid = createOnRunningDaemon("registry.invalid/nothing/here:1");
        assertThat(awaitInstallReport(uuid).path("successful").asBoolean()).isFalse();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(8))
                .until(() -> "offline".equals(daemon.state(uuid)) && !containerExists(uuid));
    }

    @Test
    void bootLeavesTheInstallersOfOtherServersAlone() throws Exception {
        String uuid = addServer(false);
        String stranger = UUID.randomUUID().toString();
        created.add(stranger);
        DockerCli.run("create", "--name", stranger + "_installer", "--label", "ContainerType=server_installer", IMAGE);
        boot(uuid);
        panel.awaitRequest(FakePanel.call("POST", "/servers/reset"), UP);
        assertThat(containerExists(stranger + "_installer")).isTrue();
        assertThat(panel.requests(FakePanel.call("POST", "/servers/" + stranger + "/install")))
                .isEmpty();
    }

    private static int indexOf(List<RecordedRequest> calls, String remotePath) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).path().equals(FakePanel.API_PREFIX + remotePath)
                    && calls.get(i).method().equals("POST")) {
                return i;
            }
        }
        return -1;
    }
}
