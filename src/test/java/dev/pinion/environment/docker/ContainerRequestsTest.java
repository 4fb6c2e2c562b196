package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.environment.ContainerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The create and update bodies, field for field (spec §2.3, §2.8): what is unset is absent, not null or 0. */
class ContainerRequestsTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private static ContainerSpec spec(ContainerSpec.ResourceLimits limits, String logDriver) {
        Map<String, List<ContainerSpec.HostBinding>> ports = new LinkedHashMap<>();
        ports.put("25565/tcp", List.of(new ContainerSpec.HostBinding("0.0.0.0", "25565")));
        ports.put("25565/udp", List.of(new ContainerSpec.HostBinding("0.0.0.0", "25565")));
        ports.put("25575/tcp", List.of());
        return new ContainerSpec(
                "d3aac109-e5a0-4331-b03e-3454f7e136dc",
                "",
                "988:988",
                "ghcr.io/pterodactyl/yolks:java_17",
                true,
                List.of("TZ=UTC", "STARTUP=java -jar {{SERVER_JARFILE}}"),
                Map.of("Service", "Pterodactyl", "ContainerType", "server_process"),
                ports,
                List.of(new ContainerSpec.BindMount("/var/lib/pterodactyl/volumes/x", "/home/container", false)),
                100,
                limits,
                List.of("1.1.1.1", "1.0.0.1"),
                logDriver,
                Map.of("max-size", "5m"),
                "pterodactyl_nw",
                "");
    }

    private static ContainerSpec.ResourceLimits noCpuLimit() {
        return new ContainerSpec.ResourceLimits(
                1_177_600_000L,
                1_024_000_000L,
                1_177_600_000L,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                500,
                true,
                512);
    }

    private static ContainerSpec.ResourceLimits cpuLimit() {
        return new ContainerSpec.ResourceLimits(
                1_177_600_000L,
                1_024_000_000L,
                -1,
                Optional.of(200_000L),
                Optional.of(100_000L),
                Optional.of(1024),
                Optional.of("0-1"),
                500,
                false,
                512);
    }

    @Test
    void cpuFieldsAndCpusetAreAbsentWithoutACpuLimit() {
        JsonNode host = new ContainerRequests(mapper, true)
                .create(spec(noCpuLimit(), "local"))
                .get("HostConfig");
        assertThat(host.has("CpuQuota")).isFalse();
        assertThat(host.has("CpuPeriod")).isFalse();
        assertThat(host.has("CpuShares")).isFalse();
        assertThat(host.has("CpusetCpus")).isFalse();
        assertThat(host.get("Memory").asLong()).isEqualTo(1_177_600_000L);
    }

    @Test
    void cpuFieldsArePresentWithACpuLimit() {
        JsonNode host = new ContainerRequests(mapper, true)
                .create(spec(cpuLimit(), "local"))
                .get("HostConfig");
        assertThat(host.get("CpuQuota").asLong()).isEqualTo(200_000);
        assertThat(host.get("CpuPeriod").asLong()).isEqualTo(100_000);
        assertThat(host.get("CpuShares").asInt()).isEqualTo(1024);
        assertThat(host.get("CpusetCpus").asText()).isEqualTo("0-1");
        assertThat(host.get("MemorySwap").asLong()).isEqualTo(-1);
        assertThat(host.get("OomKillDisable").asBoolean()).isFalse();
    }

    @Test
    void blkioWeightIsLeftOutWhereTheHostCannotHonourIt() {
        assertThat(new ContainerRequests(mapper, true)
                        .create(spec(noCpuLimit(), "local"))
                        .get("HostConfig")
                        .get("BlkioWeight")
                        .asInt())
                .isEqualTo(500);
        assertThat(new ContainerRequests(mapper, false)
                        .create(spec(noCpuLimit(), "local"))
                        .get("HostConfig")
                        .has("BlkioWeight"))
                .isFalse();
    }

    @Test
    void portKeyWithoutBindingsIsExposedWithAnEmptyList() {
        JsonNode body = new ContainerRequests(mapper, true).create(spec(noCpuLimit(), "local"));
        assertThat(body.get("ExposedPorts").has("25575/tcp")).isTrue();
        assertThat(body.get("ExposedPorts").get("25575/tcp").isEmpty()).isTrue();
        assertThat(body.get("HostConfig").get("PortBindings").get("25575/tcp").isArray())
                .isTrue();
        assertThat(body.get("HostConfig").get("PortBindings").get("25575/tcp")).isEmpty();
    }

    @Test
    void noEntrypointCmdOrWorkingDirIsSent() {
        JsonNode body = new ContainerRequests(mapper, true).create(spec(noCpuLimit(), "local"));
        assertThat(body.has("Entrypoint")).isFalse();
        assertThat(body.has("Cmd")).isFalse();
        assertThat(body.has("WorkingDir")).isFalse();
        assertThat(body.has("StopSignal")).isFalse();
        assertThat(body.get("HostConfig").has("RestartPolicy")).isFalse();
        assertThat(body.get("HostConfig").has("Privileged")).isFalse();
    }

    @Test
    void emptyLogDriverSendsNoLogConfig() {
        assertThat(new ContainerRequests(mapper, true)
                        .create(spec(noCpuLimit(), ""))
                        .get("HostConfig")
                        .has("LogConfig"))
                .isFalse();
    }

    @Test
    void fieldsAppearInWingsOrder() {
        JsonNode body = new ContainerRequests(mapper, true).create(spec(noCpuLimit(), "local"));
        assertThat(body.fieldNames())
                .toIterable()
                .containsExactly(
                        "Hostname",
                        "Domainname",
                        "User",
                        "AttachStdin",
                        "AttachStdout",
                        "AttachStderr",
                        "OpenStdin",
                        "StdinOnce",
                        "Tty",
                        "ExposedPorts",
                        "Env",
                        "Image",
                        "Labels",
                        "HostConfig");
        assertThat(body.get("HostConfig").fieldNames())
                .toIterable()
                .containsExactly(
                        "PortBindings",
                        "Mounts",
                        "Tmpfs",
                        "Memory",
                        "MemoryReservation",
                        "MemorySwap",
                        "BlkioWeight",
                        "OomKillDisable",
                        "PidsLimit",
                        "Dns",
                        "LogConfig",
                        "SecurityOpt",
                        "ReadonlyRootfs",
                        "CapDrop",
                        "NetworkMode",
                        "UsernsMode");
    }

    @Test
    void updateCarriesTheSameResourcesAsCreateAndNothingElse() {
        ContainerRequests requests = new ContainerRequests(mapper, true);
        JsonNode update = requests.update(cpuLimit());
        JsonNode host = requests.create(spec(cpuLimit(), "local")).get("HostConfig");
        assertThat(update.fieldNames())
                .toIterable()
                .containsExactly(
                        "Memory",
                        "MemoryReservation",
                        "MemorySwap",
                        "CpuQuota",
                        "CpuPeriod",
                        "CpuShares",
                        "CpusetCpus",
                        "BlkioWeight",
                        "OomKillDisable",
                        "PidsLimit");
        update.fieldNames()
                .forEachRemaining(field -> assertThat(update.get(field)).isEqualTo(host.get(field)));
    }
}
