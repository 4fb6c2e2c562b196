package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.DockerTestSupport;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Container create, every field of spec server-lifecycle-docker.md §2.3 as Docker itself reports it. */
class DockerContainerCreateTest {
    private final DockerTestSupport docker = new DockerTestSupport();
    private final DockerRuntime runtime = docker.runtime();

    @AfterEach
    void cleanUp() throws Exception {
        docker.close();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private ContainerSpec cpuLimitedSpec(String name, int port, int localPort) {
        Map<String, List<ContainerSpec.HostBinding>> ports = new LinkedHashMap<>();
        ports.put(port + "/tcp", List.of(new ContainerSpec.HostBinding("0.0.0.0", String.valueOf(port))));
        ports.put(port + "/udp", List.of(new ContainerSpec.HostBinding("0.0.0.0", String.valueOf(port))));
        // An ispn-removed 127.0.0.1 binding leaves its key with an empty list (§2.3 Ports).
        ports.put(localPort + "/tcp", List.of());
        ports.put(localPort + "/udp", List.of());
        ContainerSpec.ResourceLimits limits = new ContainerSpec.ResourceLimits(
                DockerTestSupport.MEMORY_BYTES,
                DockerTestSupport.MEMORY_BYTES / 2,
                DockerTestSupport.MEMORY_BYTES + 32L * 1024 * 1024,
                Optional.of(50_000L),
                Optional.of(100_000L),
                Optional.of(1024),
                Optional.of("0"),
                500,
                true,
                256);
        return docker.spec(name, "echo hello", limits, "bridge", ports);
    }

    @Test
    void createdContainerCarriesEveryWingsField() {
        String name = docker.containerName();
        int port = DockerTestSupport.freePort();
        int localPort = DockerTestSupport.freePort();
        ContainerSpec spec = cpuLimitedSpec(name, port, localPort);

        runtime.create(spec);

        JsonNode inspected = docker.inspect("--type", "container", name);
        JsonNode config = inspected.get("Config");
        assertThat(inspected.get("Name").asText()).isEqualTo("/" + name);
        assertThat(config.get("Hostname").asText()).isEqualTo(name);
        assertThat(config.get("Domainname").asText()).isEmpty();
        assertThat(config.get("User").asText()).isEqualTo("988:988");
        assertThat(config.get("AttachStdin").asBoolean()).isTrue();
        assertThat(config.get("AttachStdout").asBoolean()).isTrue();
        assertThat(config.get("AttachStderr").asBoolean()).isTrue();
        assertThat(config.get("OpenStdin").asBoolean()).isTrue();
        assertThat(config.get("StdinOnce").asBoolean()).isFalse();
        assertThat(config.get("Tty").asBoolean()).isTrue();
        assertThat(iterable(config.get("ExposedPorts").fieldNames()))
                .containsExactlyInAnyOrder(port + "/tcp", port + "/udp", localPort + "/tcp", localPort + "/udp");
        assertThat(texts(config.get("Env"))).contains("TZ=UTC", "STARTUP=echo hello", "P_SERVER_UUID=" + name);
        assertThat(config.get("Image").asText()).isEqualTo(DockerTestSupport.IMAGE);
        assertThat(config.get("Labels").get("Service").asText()).isEqualTo("Pterodactyl");
        assertThat(config.get("Labels").get("ContainerType").asText()).isEqualTo("server_process");
        // No Entrypoint/Cmd/WorkingDir were sent: the image's own apply.
        assertThat(config.get("Entrypoint").isNull()).isTrue();
        assertThat(texts(config.get("Cmd"))).containsExactly("/bin/sh", "/entrypoint.sh");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/home/container");

        JsonNode host = inspected.get("HostConfig");
        JsonNode bindings = host.get("PortBindings");
        for (String key : List.of(port + "/tcp", port + "/udp")) {
            assertThat(bindings.get(key)).hasSize(1);
            assertThat(bindings.get(key).get(0).get("HostIp").asText()).isEqualTo("0.0.0.0");
            assertThat(bindings.get(key).get(0).get("HostPort").asText()).isEqualTo(String.valueOf(port));
        }
        assertThat(bindings.get(localPort + "/tcp")).isEmpty();
        JsonNode mounts = host.get("Mounts");
        assertThat(mounts).hasSize(1);
        assertThat(mounts.get(0).get("Type").asText()).isEqualTo("bind");
        assertThat(mounts.get(0).get("Source").asText())
                .isEqualTo(spec.mounts().get(0).source());
        assertThat(mounts.get(0).get("Target").asText()).isEqualTo("/home/container");
        assertThat(mounts.get(0).path("ReadOnly").asBoolean()).isFalse();
        assertThat(host.get("Tmpfs").get("/tmp").asText()).isEqualTo("rw,exec,nosuid,size=16M");
        assertThat(host.get("Memory").asLong()).isEqualTo(DockerTestSupport.MEMORY_BYTES);
        assertThat(host.get("MemoryReservation").asLong()).isEqualTo(DockerTestSupport.MEMORY_BYTES / 2);
        assertThat(host.get("MemorySwap").asLong()).isEqualTo(DockerTestSupport.MEMORY_BYTES + 32L * 1024 * 1024);
        assertThat(host.get("CpuQuota").asLong()).isEqualTo(50_000);
        assertThat(host.get("CpuPeriod").asLong()).isEqualTo(100_000);
        assertThat(host.get("CpuShares").asLong()).isEqualTo(1024);
        assertThat(host.get("CpusetCpus").asText()).isEqualTo("0");
        assertThat(host.get("OomKillDisable").asBoolean()).isTrue();
        assertThat(host.get("PidsLimit").asLong()).isEqualTo(256);
        assertThat(texts(host.get("Dns"))).containsExactly("1.1.1.1", "1.0.0.1");
        assertThat(host.get("LogConfig").get("Type").asText()).isEqualTo("local");
        assertThat(docker.mapper().convertValue(host.get("LogConfig").get("Config"), Map.class))
                .isEqualTo(Map.of("compress", "false", "max-file", "1", "max-size", "5m", "mode", "non-blocking"));
        assertThat(texts(host.get("SecurityOpt"))).containsExactly("no-new-privileges");
        assertThat(host.get("ReadonlyRootfs").asBoolean()).isTrue();
        assertThat(texts(host.get("CapDrop")))
                .containsExactlyInAnyOrder(
                        "setpcap",
                        "mknod",
                        "audit_write",
                        "net_raw",
                        "dac_override",
                        "fowner",
                        "fsetid",
                        "net_bind_service",
                        "sys_chroot",
                        "setfcap");
        assertThat(host.get("NetworkMode").asText()).isEqualTo("bridge");
        assertThat(host.get("UsernsMode").asText()).isEmpty();
        assertThat(host.get("Privileged").asBoolean()).isFalse();
        assertThat(host.get("RestartPolicy").get("Name").asText()).isIn("", "no");
    }

    @Test
    void withoutACpuLimitNoCpuFieldIsSet() {
        String name = docker.containerName();

        runtime.create(docker.spec(name, "echo hello"));

        JsonNode host = docker.inspect("--type", "container", name).get("HostConfig");
        assertThat(host.get("CpuQuota").asLong()).isZero();
        assertThat(host.get("CpuPeriod").asLong()).isZero();
        assertThat(host.get("CpuShares").asLong()).isZero();
        assertThat(host.get("CpusetCpus").asText()).isEmpty();
    }

    @Test
    void blkioWeightNeverFailsTheCreateWhateverTheHostSupports() {
        // This machine runs cgroup v1 without a blkio weight file: the weight is left out here,
        // and where it is sent (probe says supported) Docker accepts it.
        for (boolean supported : List.of(true, false)) {
            String name = docker.containerName();
            DockerRuntime probed = docker.runtime(DockerRuntime.Options.forHost()
                    .withBridgeName(docker.bridgeName())
                    .withBlkioWeightSupported(supported));
            probed.create(docker.spec(name, "echo hello"));
            assertThat(runtime.inspect(name)).isPresent();
        }
    }

    @Test
    void emptyLogDriverLeavesTheDaemonDefault() {
        String name = docker.containerName();
        ContainerSpec base = docker.spec(name, "echo hello");
        ContainerSpec spec = new ContainerSpec(
                base.name(),
                base.domainname(),
                base.user(),
                base.image(),
                base.pullImage(),
                base.env(),
                base.labels(),
                base.ports(),
                base.mounts(),
                base.tmpfsSizeMb(),
                base.limits(),
                base.dns(),
                "",
                Map.of(),
                base.networkMode(),
                base.usernsMode());

        runtime.create(spec);

        String daemonDefault = DockerCli.run("info", "--format", "{{.LoggingDriver}}");
        assertThat(docker.inspect("--type", "container", name)
                        .get("HostConfig")
                        .get("LogConfig")
                        .get("Type")
                        .asText())
                .isEqualTo(daemonDefault);
    }

    @Test
    void existingContainerOfThatNameIsANoOp() {
        String name = docker.containerName();
        runtime.create(docker.spec(name, "echo first"));
        String id = docker.inspect("--type", "container", name).get("Id").asText();

        runtime.create(docker.spec(name, "echo second"));

        JsonNode inspected = docker.inspect("--type", "container", name);
        assertThat(inspected.get("Id").asText()).isEqualTo(id);
        assertThat(texts(inspected.get("Config").get("Env"))).contains("STARTUP=echo first");
    }

    @Test
    void containerJoinsTheConfiguredNetwork() {
        String network = docker.networkName();
        DockerCli.run("network", "create", network);
        String name = docker.containerName();

        runtime.create(docker.spec(name, "echo hello", DockerTestSupport.limits(), network, Map.of()));

        assertThat(docker.inspect("--type", "container", name)
                        .get("HostConfig")
                        .get("NetworkMode")
                        .asText())
                .isEqualTo(network);
    }

    @Test
    void missingImageFailsWithTheEngineReason() {
        String name = docker.containerName();
        ContainerSpec base = docker.spec(name, "echo hello");
        ContainerSpec spec = new ContainerSpec(
                base.name(),
                base.domainname(),
                base.user(),
                "pinion-test/absent:latest",
                true,
                base.env(),
                base.labels(),
                base.ports(),
                base.mounts(),
                base.tmpfsSizeMb(),
                base.limits(),
                base.dns(),
                base.logDriver(),
                base.logOptions(),
                base.networkMode(),
                base.usernsMode());

        assertThatThrownBy(() -> runtime.create(spec))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("No such image");
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }
}
