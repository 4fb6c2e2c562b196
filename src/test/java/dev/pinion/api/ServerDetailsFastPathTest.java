package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: {@code GET /api/servers/:server} is answered before Jersey on its happy path. The answer
 * must be the one Jersey gives (spec panel-to-wings-api.md §4.1) — a query string sends the same request
 * through Jersey, so the two are compared — and everything off the happy path must still get Jersey's
 * Wings errors.
 */
class ServerDetailsFastPathTest {
    private static final String ORIGIN = "https://panel.example.com";
    private static FakePanel panel;
    private static TestDaemon daemon;
    private static String uuid;

    @BeforeAll
    static void boot() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        uuid = panel.addServer(GameServers.server());
        daemon = new TestDaemon(panel, "allowed_origins:\n  - " + ORIGIN + "\n").start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> daemon.http().get("/api/servers/" + uuid).statusCode() == 200);
    }

    @AfterAll
    static void cleanUp() {
        daemon.close();
        panel.close();
        DockerCli.removeContainers(List.of(uuid));
    }

    private static HttpResponse<String> get(String path) {
        Http http = daemon.http();
        return http.send(http.authorized(path).header("Origin", ORIGIN).GET());
    }

    @Test
    void theFastAnswerIsJerseysAnswerByteForByteWithTheSameHeaders() {
        HttpResponse<String> fast = get("/api/servers/" + uuid);
        HttpResponse<String> jersey = get("/api/servers/" + uuid + "?through=jersey");

        assertThat(fast.statusCode()).isEqualTo(200).isEqualTo(jersey.statusCode());
        assertThat(fast.body()).isEqualTo(jersey.body());
        assertThat(Http.json(fast).path("state").asText()).isEqualTo("offline");
        assertThat(Http.stableHeaders(fast)).isEqualTo(Http.stableHeaders(jersey));
        assertThat(fast.headers().firstValue("Content-Type")).contains("application/json;charset=utf-8");
        assertThat(fast.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
        assertThat(fast.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void offTheHappyPathJerseyAnswersWithWingsErrors() {
        Http http = daemon.http();
        var wrongToken = http.send(http.request("/api/servers/" + uuid)
                .header("Authorization", "Bearer not-the-token")
                .GET());
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(Http.json(wrongToken).path("error").asText()).isNotEmpty();

        var noToken = http.send(http.request("/api/servers/" + uuid).GET());
        assertThat(noToken.statusCode()).isEqualTo(401);

        // Any other spelling of the scheme is Jersey's to judge, with or without the fast path.
        for (String scheme : List.of("bearer ", "BEARER ", "Bearer  ")) {
            int direct = http.send(http.request("/api/servers/" + uuid)
                            .header("Authorization", scheme + TestNode.TOKEN)
                            .GET())
                    .statusCode();
            int throughJersey = http.send(http.request("/api/servers/" + uuid + "?x=1")
                            .header("Authorization", scheme + TestNode.TOKEN)
                            .GET())
                    .statusCode();
            assertThat(direct).as(scheme).isEqualTo(throughJersey);
        }

        var unknown = get("/api/servers/5b7a5e0e-0000-4000-8000-000000000000");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown).path("error").asText())
                .isEqualTo("The requested resource does not exist on this instance.");
    }

    @Test
    void fastAnswersCountInTheServersGroupMetrics() {
        MetricRegistry metrics = daemon.metrics();
        long before = metrics.timer("pinion.api.servers.requests").getCount();
        long okBefore = metrics.meter("pinion.api.servers.responses.2xx").getCount();
        for (int i = 0; i < 5; i++) {
            assertThat(get("/api/servers/" + uuid).statusCode()).isEqualTo(200);
        }
        // Counted once the answer is out, so the client can read it a moment before the count moves.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> metrics.timer("pinion.api.servers.requests").getCount() == before + 5
                        && metrics.meter("pinion.api.servers.responses.2xx").getCount() == okBefore + 5);
    }

    @Test
    void fastAnswersAreServedBeforeTheServletContext() {
        // Dropwizard's instrumented handler sits in front of the servlet context: Jersey's answers pass
        // it, the fast path's do not (the whole point of answering in a handler of its own).
        long before = daemon.servletContextRequests();
        for (int i = 0; i < 50; i++) {
            assertThat(get("/api/servers/" + uuid).statusCode()).isEqualTo(200);
        }
        assertThat(get("/api/servers/" + uuid + "?through=jersey").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.servletContextRequests() >= before + 1);
        // Through the context, the 51 requests would count 51. The timer is updated once an answer is
        // out, so a request of an earlier test may still land in this window: a few are allowed.
        assertThat(daemon.servletContextRequests() - before).isBetween(1L, 10L);
    }
}
