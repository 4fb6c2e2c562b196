package dev.pinion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.ServerConfigBuilder;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A game server whose process exits on its own is reported and restarted under Wings' rules; an
 * intentional stop never is. Spec: server-lifecycle-docker.md §2.10 (crash detection), §6.5 (exact
 * console strings), §2.12 (states).
 */
class CrashDetectionTest {
    private static final Duration UP = Duration.ofSeconds(60);
    // Long enough for a wrongly started restart to show up as a status event.
    private static final Duration QUIET = Duration.ofSeconds(3);
    private final List<String> created = new ArrayList<>();
    private final List<ServerEvent> events = new CopyOnWriteArrayList<>();
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

    private static String daemonLine(String text) {
        return "\u001b[33m\u001b[1m[Pterodactyl Daemon]:\u001b[39m " + text + "\u001b[0m";
    }

    /** Boots a daemon with {@code crashDetection} under system.crash_detection, one running server on it. */
    private String runningServer(ServerConfigBuilder server, String crashDetection) throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        String uuid = panel.addServer(server);
        created.add(uuid);
        daemon = new TestDaemon(panel, "");
        String config = Files.readString(daemon.node().configFile());
        Files.writeString(
                daemon.node().configFile(),
                config.replaceFirst("\nsystem:\n", "\nsystem:\n  crash_detection:\n" + crashDetection.indent(4)));
        daemon.start();
        assertThat(daemon.servers().awaitBoot(UP)).isTrue();
        daemon.servers().get(uuid).orElseThrow().server().events().subscribe(100_000, events::add);
        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        return uuid;
    }

    private void command(String uuid, String command) {
        var response =
                daemon.http().postJson("/api/servers/" + uuid + "/commands", "{\"commands\":[\"" + command + "\"]}");
        assertThat(response.statusCode()).isEqualTo(204);
    }

    private List<String> console() {
        return events.stream()
                .filter(e -> e.topic().equals(ServerEvent.CONSOLE_OUTPUT))
                .map(ServerEvent::data)
                .toList();
    }

    private List<String> states() {
        return events.stream()
                .filter(e -> e.topic().equals(ServerEvent.STATUS))
                .map(ServerEvent::data)
                .toList();
    }

    private long starts() {
        return states().stream().filter("starting"::equals).count();
    }

    private void awaitConsoleLine(String line) {
        await().atMost(UP).until(() -> console().contains(line));
    }

    /** Holds for {@link #QUIET}: nothing restarts the server and it stays offline. */
    private void assertStaysOffline(String uuid, long startsSoFar) {
        await().during(QUIET)
                .atMost(QUIET.plusSeconds(5))
                .until(() -> starts() == startsSoFar && "offline".equals(daemon.state(uuid)));
    }

    @Test
    void crashedProcessIsReportedWithWingsLinesAndRestartedOnce() throws Exception {
        String uuid = runningServer(GameServers.server(), "enabled: true\n");
        command(uuid, "crash");

        awaitConsoleLine(daemonLine("Out of memory: false"));
        List<String> console = console();
        int detected = console.indexOf(daemonLine("---------- Detected server process in a crashed state! ----------"));
        assertThat(detected).isNotNegative();
        assertThat(console.subList(detected, detected + 3))
                .containsExactly(
                        daemonLine("---------- Detected server process in a crashed state! ----------"),
                        daemonLine("Exit code: 3"),
                        daemonLine("Out of memory: false"));
        await().atMost(UP).until(() -> starts() == 2 && "running".equals(daemon.state(uuid)));
        assertThat(states()).containsSubsequence("running", "offline", "starting", "running");
    }

    @Test
    void secondCrashWithinTheTimeoutIsNotRestarted() throws Exception {
        String uuid = runningServer(GameServers.server(), "timeout: 60\n");
        command(uuid, "crash");
        await().atMost(UP).until(() -> starts() == 2 && "running".equals(daemon.state(uuid)));

        command(uuid, "crash");
        awaitConsoleLine(daemonLine("Aborting automatic restart, last crash occurred less than 60 seconds ago."));
        assertThat(console().stream()
                        .filter(line -> line.equals(daemonLine("Exit code: 3")))
                        .count())
                .isEqualTo(2);
        assertStaysOffline(uuid, 2);
    }

    @Test
    void timeoutZeroRestartsEveryCrash() throws Exception {
        String uuid = runningServer(GameServers.server(), "timeout: 0\n");
        command(uuid, "crash");
        await().atMost(UP).until(() -> starts() == 2 && "running".equals(daemon.state(uuid)));
        command(uuid, "crash");
        await().atMost(UP).until(() -> starts() == 3 && "running".equals(daemon.state(uuid)));
    }

    @Test
    void cleanExitIsNotACrashWhenDetectCleanExitAsCrashIsFalse() throws Exception {
        // The stop is a signal here, so the word "stop" is just input that makes the process exit 0.
        String uuid =
                runningServer(GameServers.server().stop("signal", "SIGTERM"), "detect_clean_exit_as_crash: false\n");
        command(uuid, "stop");
        daemon.awaitState(uuid, "offline", UP);
        assertStaysOffline(uuid, 1);
        assertThat(console()).noneMatch(line -> line.contains("Detected server process in a crashed state"));
    }

    @Test
    void cleanExitIsACrashByDefault() throws Exception {
        String uuid = runningServer(GameServers.server().stop("signal", "SIGTERM"), "enabled: true\n");
        command(uuid, "stop");
        awaitConsoleLine(daemonLine("Exit code: 0"));
        await().atMost(UP).until(() -> starts() == 2 && "running".equals(daemon.state(uuid)));
    }

    @Test
    void disabledCrashDetectionSaysSoAndDoesNotRestart() throws Exception {
        String uuid = runningServer(GameServers.server(), "enabled: false\n");
        command(uuid, "crash");
        awaitConsoleLine(daemonLine("Aborting automatic restart, crash detection is disabled for this instance."));
        assertStaysOffline(uuid, 1);
    }

    @Test
    void stopAndKillAreNeverTreatedAsCrashes() throws Exception {
        String uuid = runningServer(GameServers.server(), "enabled: true\n");
        daemon.power(uuid, "stop");
        daemon.awaitState(uuid, "offline", UP);
        assertStaysOffline(uuid, 1);

        daemon.power(uuid, "start");
        daemon.awaitState(uuid, "running", UP);
        daemon.power(uuid, "kill");
        daemon.awaitState(uuid, "offline", UP);
        assertStaysOffline(uuid, 2);
        assertThat(console())
                .noneMatch(line -> line.contains("Detected server process in a crashed state")
                        || line.contains("Aborting automatic restart"));
    }
}
