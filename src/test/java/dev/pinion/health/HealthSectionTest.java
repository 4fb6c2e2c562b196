package dev.pinion.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.PinionConfiguration;
import dev.pinion.testing.Http;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.TestNode;
import io.dropwizard.health.HealthCheckConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code health:} section: scheduled checks, Docker and the data disk critical, the Panel not.
 * {@code /health-check} on the admin port is what monitoring and the Ansible rollout gate read.
 */
class HealthSectionTest {
    private static JsonNode check(JsonNode all, String name) {
        for (JsonNode check : all) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + all);
    }

    @Nested
    @ExtendWith(DropwizardExtensionsSupport.class)
    class PanelDown {
        // TestNode's Panel is a loopback port nothing listens on.
        final DropwizardAppExtension<PinionConfiguration> app = PinionApp.of(TestNode.create());

        @Test
        void anUnreachablePanelIsNonCriticalSoTheNodeIsHealthy() {
            Http admin = new Http(app.getAdminPort());
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            admin.send(admin.request(HealthSettings.PATH).GET()).statusCode() == 200);

            JsonNode all = Http.json(
                    admin.send(admin.request(HealthSettings.PATH + "?name=all").GET()));
            assertThat(check(all, "docker").path("critical").asBoolean()).isTrue();
            assertThat(check(all, "data-disk").path("critical").asBoolean()).isTrue();
            assertThat(check(all, "panel").path("critical").asBoolean()).isFalse();
            // The detailed view still names the Panel's problem.
            assertThat(Http.json(admin.send(admin.request("/healthcheck").GET()))
                            .path("panel")
                            .path("healthy")
                            .asBoolean())
                    .isFalse();
            assertThat(admin.send(admin.request(HealthSettings.PATH).GET()).statusCode())
                    .isEqualTo(200);
            // The health answer lives on the admin port only, never beside the Wings API.
            Http api = new Http(app.getLocalPort());
            assertThat(api.send(api.request(HealthSettings.PATH).GET()).statusCode())
                    .isNotEqualTo(200);
        }
    }

    @Nested
    @ExtendWith(DropwizardExtensionsSupport.class)
    class Registry {
        final DropwizardAppExtension<PinionConfiguration> app = PinionApp.of(TestNode.create());

        // README "Health checks": a check missing from HealthSettings would run on no schedule at all.
        @Test
        void everyCheckTheDaemonRegistersIsScheduled() {
            Set<String> scheduled = HealthSettings.defaults().getHealthCheckConfigurations().stream()
                    .map(HealthCheckConfiguration::getName)
                    .collect(Collectors.toSet());

            assertThat(app.getEnvironment().healthChecks().getNames())
                    .contains("docker", "data-disk", "panel")
                    .allSatisfy(name -> assertThat(scheduled).as(name).contains(name));
        }
    }

    @Nested
    @ExtendWith(DropwizardExtensionsSupport.class)
    class DockerDown {
        final DropwizardAppExtension<PinionConfiguration> app = PinionApp.of(TestNode.create("""
                pinion:
                  admin:
                    port: 0
                  docker_host: unix:///nonexistent/docker.sock
                """));

        @Test
        void dockerIsCriticalSoTheNodeIsUnhealthy() {
            Http admin = new Http(app.getAdminPort());
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(20))
                    .until(() ->
                            admin.send(admin.request(HealthSettings.PATH).GET()).statusCode() == 503);
            JsonNode all = Http.json(
                    admin.send(admin.request(HealthSettings.PATH + "?name=all").GET()));
            assertThat(check(all, "docker").path("healthy").asBoolean()).isFalse();
        }
    }
}
