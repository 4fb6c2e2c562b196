package dev.pinion.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pinion.testing.DaemonClassPath;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.TestNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ansible/rollout.yml for real, with Debian's ansible-core: nodes are local directories
 * ({@code ansible_connection: local}), each a daemon on its own ports started without systemd
 * ({@code pinion_service_manager: process}), each with its own Panel and a running game server.
 * Releases are jars that differ in the version they report. Install A; roll A to B (servers keep
 * running, config.yml keeps the Panel's keys); roll B to C where node 2's release cannot start:
 * node 2 is rolled back to B and healthy, and node 3 is never touched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnsibleRolloutTest {
    private static final Path ANSIBLE = Path.of("ansible").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<Node> NODES = new ArrayList<>();
    private static final List<String> CONTAINERS = new ArrayList<>();
    private static Path work;
    private static Path jarA;
    private static Path jarB;
    private static Path jarC;
    private static Path jarBroken;

    /** One local "node": its directories, ports, Panel and game server. */
    private record Node(String name, TestNode dir, int apiPort, int adminPort, FakePanel panel, String server) {
        Path home() {
            return dir.root().resolve("opt");
        }

        Http api() {
            return new Http(apiPort);
        }

        Http admin() {
            return new Http(adminPort);
        }

        String version() {
            return Http.json(api().get("/api/system")).path("version").asText();
        }

        String state() {
            return Http.json(api().get("/api/servers/" + server)).path("state").asText();
        }

        int health() {
            return admin().send(admin().request("/health-check").GET()).statusCode();
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        work = Files.createTempDirectory("pinion-ansible-");
        jarA = release("1.0.0-a", true);
        jarB = release("1.0.0-b", true);
        jarC = release("1.0.0-c", true);
        jarBroken = release("1.0.0-broken", false);
        for (int i = 1; i <= 3; i++) {
            NODES.add(node("node" + i));
        }
    }

    @AfterAll
    static void tearDown() {
        for (Node node : NODES) {
            stopDaemon(node);
            node.panel().close();
        }
        DockerCli.removeContainers(CONTAINERS);
    }

    private static Node node(String name) throws IOException {
        FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        String server = panel.addServer(GameServers.server());
        CONTAINERS.add(server);
        int api = freePort();
        int admin = freePort();
        TestNode dir = TestNode.create("remote: " + panel.url() + "\napi:\n  host: 127.0.0.1\n  port: " + api
                + "\npinion:\n  admin:\n    port: " + admin + "\n");
        return new Node(name, dir, api, admin, panel, server);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A release jar that runs this build's classes and reports {@code version}; a broken one names
     * a main class that does not exist, so the daemon never starts.
     */
    private static Path release(String version, boolean works) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes()
                .put(Attributes.Name.MAIN_CLASS, works ? "dev.pinion.PinionApplication" : "dev.pinion.Missing");
        manifest.getMainAttributes()
                .put(
                        Attributes.Name.CLASS_PATH,
                        DaemonClassPath.entries().stream()
                                .map(entry -> entry.toUri().toString())
                                .collect(Collectors.joining(" ")));
        Path jar = work.resolve("pinion-" + version + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("dev/pinion/pinion-version.properties"));
            out.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static Map<String, Object> host(Node node, String version, Path jar) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("ansible_connection", "local");
        vars.put("ansible_python_interpreter", "/usr/bin/python3");
        vars.put("pinion_version", version);
        vars.put("pinion_jar", jar.toString());
        vars.put("pinion_home", node.home().toString());
        vars.put("pinion_config_path", node.dir().configPath());
        vars.put("pinion_env_path", node.home().resolve("pinion.env").toString());
        vars.put("pinion_runtime", "none");
        vars.put("pinion_java", ProcessHandle.current().info().command().orElse("java"));
        vars.put("pinion_java_opts", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError");
        vars.put("pinion_service_manager", "process");
        vars.put("pinion_stop_timeout", 60);
        vars.put("pinion_health_retries", 60);
        vars.put("pinion_health_delay", 2);
        // Deep-merged into config.yml: the keys the Panel wrote must survive.
        vars.put("pinion_config_overrides", Map.of("pinion", Map.of("min_free_disk_percent", 1)));
        return vars;
    }

    private record Run(int exit, String output) {}

    private static Run rollout(Map<Node, Map.Entry<String, Path>> releases) throws Exception {
        Map<String, Object> hosts = new LinkedHashMap<>();
        releases.forEach((node, release) -> hosts.put(node.name(), host(node, release.getKey(), release.getValue())));
        Path inventory = work.resolve("inventory-" + System.nanoTime() + ".json");
        JSON.writeValue(inventory.toFile(), Map.of("pinion_nodes", Map.of("hosts", hosts)));
        Path log = work.resolve("ansible-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder("ansible-playbook", "-i", inventory.toString(), "rollout.yml")
                .directory(ANSIBLE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("ANSIBLE_NOCOLOR", "1");
        builder.environment()
                .put("ANSIBLE_LOCAL_TEMP", work.resolve("ansible-tmp").toString());
        builder.environment()
                .put("ANSIBLE_REMOTE_TEMP", work.resolve("ansible-tmp").toString());
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("ansible-playbook did not finish: " + Files.readString(log));
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            output += diagnostics(releases.keySet());
        }
        return new Run(process.exitValue(), output);
    }

    /** What a failed rollout leaves to read: each daemon's own output and health answer. */
    private static String diagnostics(Iterable<Node> nodes) {
        StringBuilder text = new StringBuilder();
        for (Node node : nodes) {
            Path out = node.home().resolve("pinion.out");
            text.append("\n===== ").append(node.name()).append(" pinion.out =====\n");
            try {
                List<String> lines = Files.exists(out) ? Files.readAllLines(out) : List.of("(none)");
                lines.subList(Math.max(0, lines.size() - 80), lines.size())
                        .forEach(line -> text.append(line).append('\n'));
            } catch (IOException e) {
                text.append("(unreadable: ").append(e).append(")\n");
            }
            try {
                var health =
                        node.admin().send(node.admin().request("/health-check").GET());
                text.append("health-check ")
                        .append(health.statusCode())
                        .append(": ")
                        .append(health.body());
            } catch (RuntimeException e) {
                text.append("health-check unreachable: ").append(e);
            }
        }
        return text.toString();
    }

    private static void stopDaemon(Node node) {
        Path pid = node.home().resolve("pinion.pid");
        try {
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(process -> {
                    process.destroy();
                    process.onExit()
                            .orTimeout(60, TimeUnit.SECONDS)
                            .exceptionally(e -> {
                                process.destroyForcibly();
                                return process;
                            })
                            .join();
                });
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot stop " + node.name(), e);
        }
    }

    private static String startedAt(String container) throws Exception {
        return JSON.readTree(DockerCli.run("inspect", container))
                .get(0)
                .path("State")
                .path("StartedAt")
                .asText();
    }

    @Test
    @Order(1)
    void lintAndSyntaxCheckAreClean() throws Exception {
        Process lint = new ProcessBuilder("ansible-lint", "--offline")
                .directory(ANSIBLE.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor()).as(output).isZero();
    }

    @Test
    @Order(2)
    void installThenRollTwoNodesFromAToBWhileTheirServersKeepRunning() throws Exception {
        Node one = NODES.get(0);
        Node two = NODES.get(1);
        Run install = rollout(Map.of(one, Map.entry("1.0.0-a", jarA), two, Map.entry("1.0.0-a", jarA)));
        assertThat(install.exit()).as(install.output()).isZero();
        assertThat(one.version()).isEqualTo("1.0.0-a");
        assertThat(two.version()).isEqualTo("1.0.0-a");
        Map<String, String> started = new LinkedHashMap<>();
        for (Node node : List.of(one, two)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> node.api().get("/api/servers/" + node.server()).statusCode() == 200);
            assertThat(node.api()
                            .postJson("/api/servers/" + node.server() + "/power", "{\"action\":\"start\"}")
                            .statusCode())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(90)).until(() -> "running".equals(node.state()));
            started.put(node.server(), startedAt(node.server()));
        }

        Run upgrade = rollout(Map.of(one, Map.entry("1.0.0-b", jarB), two, Map.entry("1.0.0-b", jarB)));

        assertThat(upgrade.exit()).as(upgrade.output()).isZero();
        for (Node node : List.of(one, two)) {
            assertThat(node.version()).isEqualTo("1.0.0-b");
            assertThat(node.state()).isEqualTo("running");
            // The same container: the game server ran on through the daemon's restart.
            assertThat(startedAt(node.server())).isEqualTo(started.get(node.server()));
            JsonNode config = YAML.readTree(node.dir().configFile().toFile());
            assertThat(config.path("token").asText()).isEqualTo(TestNode.TOKEN);
            assertThat(config.path("remote").asText()).isEqualTo(node.panel().url());
            assertThat(config.path("pinion").path("min_free_disk_percent").asInt())
                    .isEqualTo(1);
            assertThat(config.path("pinion").path("admin").path("port").asInt()).isEqualTo(node.adminPort());
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(node.dir().configFile())))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    @Order(3)
    void aReleaseThatFailsItsHealthCheckIsRolledBackAndTheRolloutStopsBeforeTheNextNode() throws Exception {
        Node one = NODES.get(0);
        Node two = NODES.get(1);
        Node three = NODES.get(2);
        Map<Node, Map.Entry<String, Path>> releases = new LinkedHashMap<>();
        releases.put(one, Map.entry("1.0.0-c", jarC));
        releases.put(two, Map.entry("1.0.0-broken", jarBroken));
        releases.put(three, Map.entry("1.0.0-c", jarC));

        Run run = rollout(releases);

        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("rolled back to").contains("The rollout stops here");
        assertThat(one.version()).isEqualTo("1.0.0-c");
        assertThat(two.version()).isEqualTo("1.0.0-b");
        assertThat(two.health()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> "running".equals(two.state()));
        assertThat(Files.readSymbolicLink(two.home().resolve("pinion.jar"))
                        .getFileName()
                        .toString())
                .isEqualTo("pinion-1.0.0-b.jar");
        // Node 3 was never reached: nothing was installed there.
        assertThat(three.home()).doesNotExist();
    }
}
