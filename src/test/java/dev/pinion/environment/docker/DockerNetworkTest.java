package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.config.DockerConfig;
import dev.pinion.testing.DockerTestSupport;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The node network, created as Wings creates it when absent (spec server-lifecycle-docker.md §2.2). */
class DockerNetworkTest {
    private final DockerTestSupport docker = new DockerTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        docker.close();
    }

    private DockerConfig.Network network(String name) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Subnets unlikely to collide with anything else on the engine.
        String v4 = "10." + random.nextInt(200, 250) + "." + random.nextInt(256);
        String v6 =
                String.format("fd%02x:%04x:%04x::", random.nextInt(256), random.nextInt(65536), random.nextInt(65536));
        return new DockerConfig.Network(
                null,
                null,
                name,
                null,
                null,
                null,
                null,
                null,
                1450L,
                new DockerConfig.Interfaces(
                        new DockerConfig.Subnet(v4 + ".0/24", v4 + ".1"),
                        new DockerConfig.Subnet(v6 + "/64", v6 + "1011")));
    }

    @Test
    void absentNetworkIsCreatedWithWingsOptionsAndItsDriverReturned() {
        String name = docker.networkName();
        DockerConfig.Network config = network(name);

        String driver = docker.runtime().ensureNetwork(config);

        // Wings returns "" here (it reads an empty inspect result); the real driver is returned.
        assertThat(driver).isEqualTo("bridge");
        JsonNode inspected = docker.inspect("--type", "network", name);
        assertThat(inspected.get("Driver").asText()).isEqualTo("bridge");
        assertThat(inspected.get("EnableIPv6").asBoolean()).isTrue();
        assertThat(inspected.get("Internal").asBoolean()).isFalse();
        JsonNode ipam = inspected.get("IPAM").get("Config");
        assertThat(ipam).hasSize(2);
        assertThat(ipam.get(0).get("Subnet").asText())
                .isEqualTo(config.interfaces().v4().subnet());
        assertThat(ipam.get(0).get("Gateway").asText())
                .isEqualTo(config.interfaces().v4().gateway());
        assertThat(ipam.get(1).get("Subnet").asText())
                .isEqualTo(config.interfaces().v6().subnet());
        assertThat(ipam.get(1).get("Gateway").asText())
                .isEqualTo(config.interfaces().v6().gateway());
        assertThat(docker.mapper().convertValue(inspected.get("Options"), Map.class))
                .isEqualTo(Map.of(
                        "encryption", "false",
                        "com.docker.network.bridge.default_bridge", "false",
                        "com.docker.network.bridge.enable_icc", "true",
                        "com.docker.network.bridge.enable_ip_masquerade", "true",
                        "com.docker.network.bridge.host_binding_ipv4", "0.0.0.0",
                        "com.docker.network.bridge.name", docker.bridgeName(),
                        "com.docker.network.driver.mtu", "1450"));
    }

    @Test
    void iccAndInternalFollowTheConfiguration() {
        String name = docker.networkName();
        DockerConfig.Network base = network(name);
        DockerConfig.Network config =
                new DockerConfig.Network(null, null, name, null, null, null, true, false, null, base.interfaces());

        docker.runtime().ensureNetwork(config);

        JsonNode inspected = docker.inspect("--type", "network", name);
        assertThat(inspected.get("Internal").asBoolean()).isTrue();
        assertThat(inspected
                        .get("Options")
                        .get("com.docker.network.bridge.enable_icc")
                        .asText())
                .isEqualTo("false");
        assertThat(inspected.get("Options").get("com.docker.network.driver.mtu").asText())
                .isEqualTo("1500");
    }

    @Test
    void existingNetworkIsLeftAsItIs() {
        String name = docker.networkName();
        DockerRuntime runtime = docker.runtime();
        runtime.ensureNetwork(network(name));
        String id = docker.inspect("--type", "network", name).get("Id").asText();

        String driver = runtime.ensureNetwork(network(name));

        assertThat(driver).isEqualTo("bridge");
        assertThat(docker.inspect("--type", "network", name).get("Id").asText()).isEqualTo(id);
    }

    @Test
    void defaultBridgeNameIsWingsHardCodedOne() {
        assertThat(DockerRuntime.Options.forHost().bridgeName()).isEqualTo("pterodactyl0");
    }
}
