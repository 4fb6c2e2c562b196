package dev.pinion.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.PinionConfiguration;
import dev.pinion.testing.Http;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.TestNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With Docker down, no Panel and too little free disk the daemon still starts and serves its API,
 * and the health checks say what is missing (spec README: boot without the Panel succeeds).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DegradedStartTest {
    static final DropwizardAppExtension<PinionConfiguration> APP = PinionApp.of(TestNode.create("""
            pinion:
              admin:
                port: 0
              docker_host: unix:///nonexistent/docker.sock
              min_free_disk_percent: 100
            """));

    @Test
    void apiIsServedAndHealthChecksNameEachProblem() {
        Http api = new Http(APP.getLocalPort());
        assertThat(api.get("/api/system").statusCode()).isEqualTo(200);
        var v2 = api.get("/api/system?v=2");
        assertThat(v2.statusCode()).isEqualTo(500);
        assertThat(Http.json(v2).path("error").asText())
                .isEqualTo("An unexpected error was encountered while processing this request");

        Http admin = new Http(APP.getAdminPort());
        var response = admin.send(admin.request("/healthcheck").GET());
        JsonNode checks = Http.json(response);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(checks.path("docker").path("healthy").asBoolean()).isFalse();
        assertThat(checks.path("docker").path("message").asText()).startsWith("Docker is not reachable");
        assertThat(checks.path("panel").path("healthy").asBoolean()).isFalse();
        assertThat(checks.path("data-disk").path("healthy").asBoolean()).isFalse();
        assertThat(checks.path("data-disk").path("message").asText()).contains("minimum 100%");
    }
}
