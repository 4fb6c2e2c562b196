package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.PinionConfiguration;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.Http;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.TestNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/system} read from the real host and the real Docker Engine. Spec: panel-to-wings-api.md §3.1. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SystemEndpointTest {
    static final DropwizardAppExtension<PinionConfiguration> APP = PinionApp.of(TestNode.create());

    private final Http http = new Http(APP.getLocalPort());

    @Test
    void plainShapeReportsThisHostWithWingsFieldNames() throws IOException {
        JsonNode body = Http.json(http.get("/api/system"));

        assertThat(body.properties())
                .extracting(Entry::getKey)
                .containsExactly("architecture", "cpu_count", "kernel_version", "os", "version");
        assertThat(body.path("architecture").asText()).isIn("amd64", "arm64");
        assertThat(body.path("cpu_count").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(body.path("kernel_version").asText())
                .isEqualTo(
                        Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        assertThat(body.path("os").asText()).isEqualTo("linux");
        assertThat(body.path("version").asText()).isEqualTo("0.1.0");
    }

    @Test
    void version2ReportsWhatDockerItselfReports() {
        JsonNode body = Http.json(http.get("/api/system?v=2"));
        JsonNode docker = body.path("docker");

        assertThat(body.path("version").asText()).isEqualTo("0.1.0");
        assertThat(docker.path("version").asText())
                .isEqualTo(DockerCli.run("version", "--format", "{{.Server.Version}}"));
        assertThat(docker.path("cgroups").path("driver").asText())
                .isEqualTo(DockerCli.run("info", "--format", "{{.CgroupDriver}}"));
        assertThat(docker.path("cgroups").path("version").asText())
                .isEqualTo(DockerCli.run("info", "--format", "{{.CgroupVersion}}"));
        assertThat(docker.path("storage").path("driver").asText())
                .isEqualTo(DockerCli.run("info", "--format", "{{.Driver}}"));
        assertThat(docker.path("runc").path("version").asText())
                .isEqualTo(DockerCli.run("info", "--format", "{{.RuncCommit.ID}}"));
        JsonNode containers = docker.path("containers");
        assertThat(containers.path("total").asInt())
                .isEqualTo(containers.path("running").asInt()
                        + containers.path("paused").asInt()
                        + containers.path("stopped").asInt());

        JsonNode system = body.path("system");
        assertThat(system.path("memory_bytes").asLong())
                .isEqualTo(Long.parseLong(DockerCli.run("info", "--format", "{{.MemTotal}}")));
        assertThat(system.path("cpu_threads").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(system.path("os_type").asText()).isEqualTo("linux");
        assertThat(system.path("os").asText()).isNotBlank().isNotEqualTo("linux");
    }

    @Test
    void onlyTheExactValue2SelectsTheSecondShape() {
        assertThat(Http.json(http.get("/api/system?v=3")).has("cpu_count")).isTrue();
        assertThat(Http.json(http.get("/api/system?v=2")).has("docker")).isTrue();
    }
}
