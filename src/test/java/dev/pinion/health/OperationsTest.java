package dev.pinion.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.pinion.PinionConfiguration;
import dev.pinion.testing.Http;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.TestNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin port: health checks for Docker, the data disk and the Panel; metrics; Prometheus text. */
@ExtendWith(DropwizardExtensionsSupport.class)
class OperationsTest {
    private static final List<String> PANEL_AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    private static final HttpServer PANEL = panel();
    private static final TestNode NODE =
            TestNode.create("remote: http://127.0.0.1:" + PANEL.getAddress().getPort() + "/\n");
    static final DropwizardAppExtension<PinionConfiguration> APP = PinionApp.of(NODE);

    // A stand-in answering the one call the probe makes, as the Panel answers it (spec A3).
    private static HttpServer panel() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/remote/servers", exchange -> {
                PANEL_AUTHORIZATIONS.add(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = "{\"data\":[],\"meta\":{\"current_page\":1,\"last_page\":1,\"total\":0}}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopPanel() {
        PANEL.stop(0);
    }

    private final Http admin = new Http(APP.getAdminPort());

    @Test
    void healthChecksAreServedWithoutATokenAndReportDockerDiskAndPanel() {
        var response = admin.send(admin.request("/healthcheck").GET());
        JsonNode checks = Http.json(response);

        assertThat(checks.path("docker").path("healthy").asBoolean()).isTrue();
        assertThat(checks.path("docker").path("message").asText()).startsWith("Docker API 1.");
        assertThat(checks.path("data-disk").path("healthy").asBoolean()).isTrue();
        assertThat(checks.path("data-disk").path("message").asText()).contains("bytes free");
        assertThat(checks.path("panel").path("healthy").asBoolean()).isTrue();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(PANEL_AUTHORIZATIONS).contains("Bearer " + TestNode.TOKEN_ID + "." + TestNode.TOKEN);
    }

    @Test
    void requestsAreCountedPerEndpointGroupInPrometheusText() {
        Http api = new Http(APP.getLocalPort());
        api.get("/api/system");
        api.send(api.request("/api/system").GET());

        String text = admin.send(admin.request("/prometheus").GET()).body();

        assertThat(text).contains("# TYPE pinion_api_system_requests summary");
        assertThat(text).containsPattern("pinion_api_system_requests_count [1-9]");
        assertThat(text).containsPattern("pinion_api_system_responses_2xx_total [1-9]");
        assertThat(text).containsPattern("pinion_api_system_responses_4xx_total [1-9]");
    }

    @Test
    void requestsAreLoggedToAccessLogInTheLogDirectoryNotTheConsoleWithoutTheirQuery() throws Exception {
        // With no server.requestLog section the request log is a file, written off the request threads.
        // The query is left out: signed download and upload URLs carry their token there.
        Http api = new Http(APP.getLocalPort());
        String agent = "access-log-probe-" + UUID.randomUUID();
        api.send(api.request("/api/system?token=secret-in-query")
                .header("User-Agent", agent)
                .GET());

        Path accessLog = NODE.root().resolve("log/access.log");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        Files.exists(accessLog) && Files.readString(accessLog).contains(agent));
        String line = Files.readAllLines(accessLog).stream()
                .filter(l -> l.contains(agent))
                .findFirst()
                .orElseThrow();
        assertThat(line).contains("\"GET /api/system HTTP/1.1\" 401").doesNotContain("secret-in-query");
    }
}
