package dev.pinion.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production daemon's pull behaviour (spec panel-to-wings-api.md §5.11): loopback by address or by a
 * name resolving to it is refused and never contacted, and {@code api.disable_remote_download} turns all
 * three routes into Wings' 400.
 */
class PullDefaultsTest {
    private static FakePanel panel;
    private static TestDaemon daemon;
    private static TestDaemon disabled;
    private static LoopbackOrigin origin;
    private static String uuid;

    @BeforeAll
    static void start() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        uuid = panel.addServer(GameServers.server());
        daemon = new TestDaemon(panel, "").start();
        disabled =
                new TestDaemon(panel, "api:\n  host: 127.0.0.1\n  port: 0\n  disable_remote_download: true\n").start();
        for (TestDaemon d : new TestDaemon[] {daemon, disabled}) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> d.http().get("/api/servers/" + uuid).statusCode() == 200);
        }
        origin = LoopbackOrigin.start("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        origin.close();
        daemon.close();
        disabled.close();
        panel.close();
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Http.json(response).path("error").asText()).isEqualTo(message);
        assertThat(Http.json(response).path("request_id").asText()).isNotEmpty();
    }

    @Test
    void loopbackByAddressOrByNameIsRefusedAndNeverContacted() {
        for (String url : new String[] {
            origin.url("/a.txt"),
            "http://localhost:" + origin.port() + "/a.txt",
            "http://[::ffff:127.0.0.1]:" + origin.port() + "/a.txt",
            "http://0.0.0.0:" + origin.port() + "/a.txt"
        }) {
            assertError(
                    daemon.http()
                            .postJson(
                                    "/api/servers/" + uuid + "/files/pull",
                                    "{\"url\":\"" + url + "\",\"root\":\"/\",\"foreground\":true}"),
                    400,
                    PullException.INTERNAL_DESTINATION);
        }
        assertThat(origin.hits()).isEmpty();
    }

    @Test
    void aBackgroundPullToLoopbackIsAcceptedThenFailsWithoutContactingIt() {
        HttpResponse<String> response = daemon.http()
                .postJson(
                        "/api/servers/" + uuid + "/files/pull",
                        "{\"url\":\"" + origin.url("/bg.txt") + "\",\"root\":\"/\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Http.json(daemon.http().get("/api/servers/" + uuid + "/files/pull"))
                        .path("downloads")
                        .isNull());
        assertThat(origin.hits()).isEmpty();
    }

    @Test
    void disableRemoteDownloadRefusesAllThreeRoutes() {
        String message = "This functionality is not currently enabled on this instance.";
        String base = "/api/servers/" + uuid + "/files/pull";
        assertError(disabled.http().get(base), 400, message);
        assertError(
                disabled.http().postJson(base, "{\"url\":\"" + origin.url("/a") + "\",\"root\":\"/\"}"), 400, message);
        assertError(
                disabled.http()
                        .send(disabled.http().authorized(base + "/some-id").DELETE()),
                400,
                message);
    }
}
