package dev.pinion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.config.DockerConfig;
import dev.pinion.config.NodeConfig;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.ContainerSpec.HostBinding;
import dev.pinion.panel.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container Wings would create, from the spec's own example. Spec: server-lifecycle-docker.md §1.5, §1.6, §2.3. */
class ContainerSpecFactoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UUID = "d3aac109-e5a0-4331-b03e-3454f7e136dc";

    /** The spec's example settings, with each pair of {@code replacements} (text, by) applied to the JSON. */
    private static ServerSettings settings(String... replacements) throws Exception {
        String json = """
                {"uuid": "%s", "meta": {"name": "Survival", "description": ""}, "suspended": false,
                 "environment": {"SERVER_JARFILE": "server.jar", "MINECRAFT_VERSION": "latest",
                   "STARTUP": "java -Xms128M -XX:MaxRAMPercentage=95.0 -jar {{SERVER_JARFILE}}",
                   "P_SERVER_LOCATION": "de", "P_SERVER_UUID": "%s", "P_SERVER_ALLOCATION_LIMIT": 0,
                   "server_port": "1", "FLAG": true, "NOTHING": null},
                 "invocation": "java -Xms128M -XX:MaxRAMPercentage=95.0 -jar {{SERVER_JARFILE}}",
                 "skip_egg_scripts": false,
                 "build": {"memory_limit": 1024, "swap": 0, "io_weight": 500, "cpu_limit": 200, "threads": null,
                           "disk_space": 5000, "oom_disabled": true},
                 "container": {"image": "ghcr.io/pterodactyl/yolks:java_17"},
                 "allocations": {"force_outgoing_ip": false, "default": {"ip": "0.0.0.0", "port": 25565},
                                 "mappings": {"0.0.0.0": [25565, 25566], "127.0.0.1": [25575]}},
                 "mounts": [{"source": "/mnt/shared", "target": "/mnt/shared", "read_only": true},
                            {"source": "/mnt/shared-secrets", "target": "/secrets", "read_only": true},
                            {"source": "/mnt/shared/sub", "target": "/home/container/world", "read_only": false}],
                 "egg": {"id": "9ac39f3d-0c34-4d93-8174-c52ab9e6c57b", "file_denylist": []}}
                """.formatted(UUID, UUID);
        for (int i = 0; i + 1 < replacements.length; i += 2) {
            json = json.replace(replacements[i], replacements[i + 1]);
        }
        return JSON.readValue(json, ServerSettings.class);
    }

    private static NodeConfig node() {
        NodeConfig defaults = NodeConfig.defaults();
        return new NodeConfig(
                null,
                null,
                null,
                null,
                null,
                null,
                defaults.system().withTimezone("Europe/Berlin"),
                null,
                null,
                null,
                null,
                List.of("/mnt/shared"),
                null,
                null,
                null,
                null);
    }

    private final ContainerSpecFactory factory = new ContainerSpecFactory();

    @Test
    void environmentIsWingsOwnVariablesFirstThenEggVariablesUpperCased() throws Exception {
        ContainerSpec spec = factory.build(settings(), node(), Path.of("/var/lib/pterodactyl/volumes", UUID));
        assertThat(spec.env())
                .containsExactly(
                        "TZ=Europe/Berlin",
                        "STARTUP=java -Xms128M -XX:MaxRAMPercentage=95.0 -jar {{SERVER_JARFILE}}",
                        "SERVER_MEMORY=1024",
                        "SERVER_IP=0.0.0.0",
                        "SERVER_PORT=25565",
                        "SERVER_JARFILE=server.jar",
                        "MINECRAFT_VERSION=latest",
                        "P_SERVER_LOCATION=de",
                        "P_SERVER_UUID=" + UUID,
                        "P_SERVER_ALLOCATION_LIMIT=0.000000",
                        "FLAG=true",
                        "NOTHING=");
    }

    @Test
    void localhostServerIpBecomesTheNodeInterfaceInTheContainer() throws Exception {
        ContainerSpec spec = factory.build(
                settings("\"default\": {\"ip\": \"0.0.0.0\"", "\"default\": {\"ip\": \"127.0.0.1\""),
                node(),
                Path.of("/data", UUID));
        assertThat(spec.env()).contains("SERVER_IP=172.18.0.1");
    }

    @Test
    void portsAreBoundOnTcpAndUdpWithLocalhostRewrittenToTheInterface() throws Exception {
        ContainerSpec spec = factory.build(settings(), node(), Path.of("/data", UUID));
        assertThat(spec.ports())
                .containsOnlyKeys("25565/tcp", "25565/udp", "25566/tcp", "25566/udp", "25575/tcp", "25575/udp");
        assertThat(spec.ports().get("25565/udp")).containsExactly(new HostBinding("0.0.0.0", "25565"));
        assertThat(spec.ports().get("25575/tcp")).containsExactly(new HostBinding("172.18.0.1", "25575"));
    }

    @Test
    void withIspnLocalhostBindingsAreDroppedButThePortStaysExposed() throws Exception {
        DockerConfig.Network ispn =
                new DockerConfig.Network(null, null, null, true, null, null, null, null, null, null);
        Map<String, List<HostBinding>> ports = ContainerSpecFactory.ports(settings(), ispn);
        assertThat(ports.get("25575/tcp")).isEmpty();
        assertThat(ports.get("25565/tcp")).hasSize(1);
    }

    @Test
    void mountsStartWithTheDataDirectoryAndOnlyAllowedSourcesFollow() throws Exception {
        ContainerSpec spec = factory.build(settings(), node(), Path.of("/var/lib/pterodactyl/volumes", UUID));
        assertThat(spec.mounts())
                .containsExactly(
                        new ContainerSpec.BindMount("/var/lib/pterodactyl/volumes/" + UUID, "/home/container", false),
                        new ContainerSpec.BindMount("/mnt/shared", "/mnt/shared", true));
    }

    @Test
    void aSymlinkInAMountSourceIsResolvedBeforeMatchingAllowedMounts(@TempDir Path temp) throws Exception {
        // issue #10 item 7: /allowed/link -> /secret matched lexically, and Docker follows the link.
        Path allowed = Files.createDirectories(temp.resolve("allowed/real"));
        Path secret = Files.createDirectories(temp.resolve("secret"));
        Files.createSymbolicLink(temp.resolve("allowed/link"), secret);
        Files.createSymbolicLink(temp.resolve("alias"), temp.resolve("allowed"));
        NodeConfig defaults = NodeConfig.defaults();
        NodeConfig node = new NodeConfig(
                null,
                null,
                null,
                null,
                null,
                null,
                defaults.system(),
                null,
                null,
                null,
                null,
                List.of(
                        temp.resolve("allowed").toString(),
                        temp.resolve("alias").toString()),
                null,
                null,
                null,
                null);
        ServerSettings settings = settings(
                "/mnt/shared-secrets",
                temp.resolve("allowed/link").toString(),
                "\"source\": \"/mnt/shared\"",
                "\"source\": \"" + temp.resolve("alias/real") + "\"",
                "/mnt/shared/sub",
                temp.resolve("allowed/link/sub").toString());
        List<ContainerSpec.BindMount> mounts = ContainerSpecFactory.mounts(settings, node, Path.of("/d", UUID));
        // The link into /secret is refused; the allowed mount named through another link is matched by
        // its real path and handed to Docker resolved.
        assertThat(mounts)
                .containsExactly(
                        new ContainerSpec.BindMount("/d/" + UUID, "/home/container", false),
                        new ContainerSpec.BindMount(allowed.toRealPath().toString(), "/mnt/shared", true));
    }

    @Test
    void limitsFollowWingsArithmetic() throws Exception {
        ContainerSpec.ResourceLimits limits =
                factory.build(settings(), node(), Path.of("/d", UUID)).limits();
        assertThat(limits.memoryBytes()).isEqualTo(1_177_600_000L);
        assertThat(limits.memoryReservationBytes()).isEqualTo(1_024_000_000L);
        assertThat(limits.memorySwapBytes()).isEqualTo(1_177_600_000L);
        assertThat(limits.cpuQuota()).contains(200_000L);
        assertThat(limits.cpuPeriod()).contains(100_000L);
        assertThat(limits.cpuShares()).contains(1024);
        assertThat(limits.cpusetCpus()).isEmpty();
        assertThat(limits.blkioWeight()).isEqualTo(500);
        assertThat(limits.oomKillDisable()).isTrue();
        assertThat(limits.pidsLimit()).isEqualTo(512);
    }

    @Test
    void overheadMultiplierSteps() {
        DockerConfig.Overhead defaults = DockerConfig.Overhead.defaults();
        assertThat(Math.round(4096 * ContainerSpecFactory.overheadMultiplier(4096, defaults) * 1_000_000))
                .isEqualTo(4_505_600_000L);
        assertThat(Math.round(8192 * ContainerSpecFactory.overheadMultiplier(8192, defaults) * 1_000_000))
                .isEqualTo(8_601_600_000L);
        DockerConfig.Overhead custom = new DockerConfig.Overhead(true, 1.01, Map.of("1024", 1.5, "8192", 1.2));
        assertThat(ContainerSpecFactory.overheadMultiplier(512, custom)).isEqualTo(1.5);
        assertThat(ContainerSpecFactory.overheadMultiplier(2048, custom)).isEqualTo(1.2);
        assertThat(ContainerSpecFactory.overheadMultiplier(9000, custom)).isEqualTo(1.01);
    }

    @Test
    void unlimitedServerSendsNoCpuFieldsAndUnlimitedSwapIsMinusOne() throws Exception {
        ContainerSpec.ResourceLimits limits = factory.build(
                        settings(
                                "\"memory_limit\": 1024, \"swap\": 0", "\"memory_limit\": 0, \"swap\": -1",
                                "\"cpu_limit\": 200, \"threads\": null", "\"cpu_limit\": 0, \"threads\": \"0-1\""),
                        node(),
                        Path.of("/d", UUID))
                .limits();
        assertThat(limits.memoryBytes()).isZero();
        assertThat(limits.memorySwapBytes()).isEqualTo(-1);
        assertThat(limits.cpuQuota()).isEqualTo(Optional.empty());
        assertThat(limits.cpuShares()).isEmpty();
        assertThat(limits.cpusetCpus()).contains("0-1");
    }

    @Test
    void imageWithTildeIsLocalOnlyAndLabelsAreWings() throws Exception {
        ContainerSpec spec = factory.build(
                settings("ghcr.io/pterodactyl/yolks:java_17", "~local/game:1"), node(), Path.of("/d", UUID));
        assertThat(spec.image()).isEqualTo("local/game:1");
        assertThat(spec.pullImage()).isFalse();
        assertThat(spec.labels())
                .containsEntry("Service", "Pterodactyl")
                .containsEntry("ContainerType", "server_process");
        assertThat(spec.name()).isEqualTo(UUID);
        assertThat(spec.user()).isEqualTo("0:0");
        assertThat(spec.tmpfsSizeMb()).isEqualTo(100);
        assertThat(spec.networkMode()).isEqualTo("pterodactyl_nw");
        assertThat(spec.logDriver()).isEqualTo("local");
    }
}
