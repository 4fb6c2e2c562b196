package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.InstallerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The installer's create body: Wings' fields (spec server-lifecycle-docker.md §5.4) plus the
 * isolation of README's CVE-2023-32080 decision, and nothing a script needs taken away.
 */
class InstallerRequestTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private static InstallerSpec spec(String user) {
        return new InstallerSpec(
                "d3aac109-e5a0-4331-b03e-3454f7e136dc_installer",
                "installer",
                user,
                "ghcr.io/pterodactyl/installers:alpine",
                List.of("ash", "/mnt/install/install.sh"),
                List.of("TZ=UTC", "SERVER_IP=127.0.0.1"),
                Map.of("Service", "Pterodactyl", "ContainerType", "server_installer"),
                List.of(
                        new ContainerSpec.BindMount("/var/lib/pterodactyl/volumes/x", "/mnt/server", false),
                        new ContainerSpec.BindMount("/tmp/pterodactyl/x", "/mnt/install", false)),
                100,
                new ContainerSpec.ResourceLimits(
                        1_177_600_000L,
                        1_024_000_000L,
                        1_177_600_000L,
                        Optional.of(100_000L),
                        Optional.of(100_000L),
                        Optional.of(1024),
                        Optional.empty(),
                        500,
                        false,
                        512),
                List.of("1.1.1.1"),
                "local",
                Map.of("max-size", "5m"),
                "pterodactyl_nw",
                "");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }

    @Test
    void installerIsIsolatedLikeTheServerContainerAndNeverPrivileged() {
        JsonNode host = new ContainerRequests(mapper, true).installer(spec("")).get("HostConfig");
        assertThat(host.get("Privileged").asBoolean()).isFalse();
        assertThat(host.get("PidsLimit").asLong()).isEqualTo(512);
        assertThat(texts(host.get("SecurityOpt"))).containsExactly("no-new-privileges");
        assertThat(texts(host.get("CapDrop"))).containsExactlyElementsOf(ContainerRequests.DROPPED_CAPABILITIES);
    }

    @Test
    void installerKeepsAWritableRootAndHasNoPorts() {
        JsonNode body = new ContainerRequests(mapper, true).installer(spec(""));
        assertThat(body.get("HostConfig").has("ReadonlyRootfs")).isFalse();
        assertThat(body.get("HostConfig").has("PortBindings")).isFalse();
        assertThat(body.has("ExposedPorts")).isFalse();
    }

    @Test
    void installerRunsTheEntrypointWithTheScriptAndKeepsTheImagesEntrypoint() {
        JsonNode body = new ContainerRequests(mapper, true).installer(spec(""));
        assertThat(texts(body.get("Cmd"))).containsExactly("ash", "/mnt/install/install.sh");
        assertThat(body.has("Entrypoint")).isFalse();
        assertThat(body.get("Hostname").asText()).isEqualTo("installer");
        assertThat(body.get("Tty").asBoolean()).isTrue();
        assertThat(body.get("HostConfig").get("NetworkMode").asText()).isEqualTo("pterodactyl_nw");
        assertThat(body.get("HostConfig").get("Tmpfs").get("/tmp").asText()).isEqualTo("rw,exec,nosuid,size=100M");
    }

    @Test
    void installerHasNoUserUnlessOneIsGiven() {
        assertThat(new ContainerRequests(mapper, true).installer(spec("")).has("User"))
                .isFalse();
        assertThat(new ContainerRequests(mapper, true)
                        .installer(spec("0:0"))
                        .get("User")
                        .asText())
                .isEqualTo("0:0");
    }
}
