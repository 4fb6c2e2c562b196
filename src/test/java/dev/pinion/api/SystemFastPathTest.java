package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.Http;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: the Panel's node heartbeat, {@code GET /api/system} (spec panel-to-wings-api.md §3.1), is
 * answered before Jersey on its happy path. Any query string other than {@code v=2} gets the same plain
 * shape from Jersey, so the two answers are compared; everything off the happy path must still get
 * Jersey's answer, Wings errors included.
 */
class SystemFastPathTest {
    private static final String ORIGIN = "https://panel.example.com";
    private static FakePanel panel;
    private static TestDaemon daemon;

    @BeforeAll
    static void boot() throws Exception {
        panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        daemon = new TestDaemon(panel, "allowed_origins:\n  - " + ORIGIN + "\n").start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> daemon.http().get("/api/system").statusCode() == 200);
    }

    @AfterAll
    static void cleanUp() {
        daemon.close();
        panel.close();
    }

    private static HttpResponse<String> get(String path) {
        Http http = daemon.http();
        return http.send(http.authorized(path).header("Origin", ORIGIN).GET());
    }

    @Test
    void theFastAnswerIsJerseysAnswerByteForByteWithTheSameHeaders() {
        HttpResponse<String> fast = get("/api/system");
        HttpResponse<String> jersey = get("/api/system?through=jersey");

        assertThat(fast.statusCode()).isEqualTo(200).isEqualTo(jersey.statusCode());
        assertThat(fast.body()).isEqualTo(jersey.body());
        assertThat(Http.json(fast).path("os").asText()).isEqualTo("linux");
        assertThat(Http.json(fast).path("cpu_count").asInt()).isPositive();
        assertThat(Http.stableHeaders(fast)).isEqualTo(Http.stableHeaders(jersey));
        assertThat(fast.headers().firstValue("Content-Type")).contains("application/json;charset=utf-8");
        assertThat(fast.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
        assertThat(fast.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void offTheHappyPathJerseyAnswers() {
        Http http = daemon.http();
        var wrongToken = http.send(http.request("/api/system")
                .header("Authorization", "Bearer not-the-token")
                .GET());
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(Http.json(wrongToken).path("error").asText()).isNotEmpty();
        assertThat(http.send(http.request("/api/system").GET()).statusCode()).isEqualTo(401);
        assertThat(http.send(http.request("/api/system")
                                .header("Authorization", "bearer " + TestNode.TOKEN)
                                .GET())
                        .statusCode())
                .isEqualTo(http.send(http.request("/api/system?x=1")
                                .header("Authorization", "bearer " + TestNode.TOKEN)
                                .GET())
                        .statusCode());
        // The telemetry shape is Jersey's: it asks Docker.
        var v2 = get("/api/system?v=2");
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(Http.json(v2).path("docker").path("version").asText()).isNotEmpty();
        // A path that only starts like it is not it.
        assertThat(get("/api/systemx").statusCode()).isEqualTo(404);
    }

    @Test
    void fastAnswersCountInTheSystemGroupMetricsAndSkipTheServletContext() {
        MetricRegistry metrics = daemon.metrics();
        long before = metrics.timer("pinion.api.system.requests").getCount();
        long okBefore = metrics.meter("pinion.api.system.responses.2xx").getCount();
        long contextBefore = daemon.servletContextRequests();
        for (int i = 0; i < 50; i++) {
            assertThat(get("/api/system").statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> metrics.timer("pinion.api.system.requests").getCount() >= before + 50
                        && metrics.meter("pinion.api.system.responses.2xx").getCount() >= okBefore + 50);
        // Through the context the 50 would count 50; an earlier test's request may still land: a few are allowed.
        assertThat(daemon.servletContextRequests() - contextBefore).isLessThan(10L);
    }
}
