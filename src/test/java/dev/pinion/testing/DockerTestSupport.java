package dev.pinion.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.concurrent.DaemonExecutors;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.docker.DockerClients;
import dev.pinion.environment.docker.DockerRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * Real Docker for environment tests: one client, a {@link DockerRuntime} on it, unique names for
 * everything a test creates, and cleanup of exactly those containers and networks (never anything
 * else on the engine). Needs the test image {@value #IMAGE} (built by scripts/test.sh).
 */
public final class DockerTestSupport implements AutoCloseable {
    public static final String IMAGE = "pinion-test/game:latest";
    public static final long MEMORY_BYTES = 64L * 1024 * 1024;

    private final DockerHttpClient transport;
    private final DockerClient client;
    private final ObjectMapper mapper = new ObjectMapper();
    private final DaemonExecutors executors = DaemonExecutors.unmanaged("docker-test-");
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();
    private final List<String> imageReferences = new ArrayList<>();

    public DockerTestSupport() {
        String host = DockerClients.resolveHost(null, System.getenv());
        this.transport = DockerClients.transport(host);
        this.client = DockerClients.client(host, transport);
    }

    public DockerRuntime runtime() {
        return runtime(DockerRuntime.Options.forHost().withBridgeName(bridgeName()));
    }

    public DockerRuntime runtime(DockerRuntime.Options options) {
        return new DockerRuntime(client, transport, mapper, options, executors);
    }

    public DockerClient client() {
        return client;
    }

    /** Remembers an image reference this test pulls, so that tag is removed on close (never the image's other tags). */
    public String imageReference(String reference) {
        imageReferences.add(reference);
        return reference;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** A Linux bridge name unique to this run (at most 15 characters). */
    public String bridgeName() {
        return "pnt" + runId;
    }

    /** A container name unique to this run, removed on close. */
    public String containerName() {
        String name = "pinion-test-" + UUID.randomUUID();
        containers.add(name);
        return name;
    }

    /** A network name unique to this run, removed on close. */
    public String networkName() {
        String name = "pinion-test-net-" + UUID.randomUUID().toString().substring(0, 12);
        networks.add(name);
        return name;
    }

    /** A directory for the server's data, writable by the container user. */
    public Path dataDirectory() {
        try {
            Path dir = Files.createTempDirectory("pinion-volume-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            directories.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A host port free for both TCP and UDP right now. */
    public static int freePort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(port)) {
                    return port;
                } catch (IOException taken) {
                    // Try another.
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** Limits without CPU settings: 64 MiB, no swap, PIDs 512. */
    public static ContainerSpec.ResourceLimits limits() {
        return new ContainerSpec.ResourceLimits(
                MEMORY_BYTES,
                MEMORY_BYTES / 2,
                MEMORY_BYTES,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                500,
                true,
                512);
    }

    /**
     * A server container running {@code startup} (a busybox shell line, {@code {{VAR}}} allowed) on
     * Docker's default bridge network, with Wings' settings everywhere else.
     */
    public ContainerSpec spec(String name, String startup) {
        return spec(name, startup, limits(), "bridge", Map.of());
    }

    public ContainerSpec spec(
            String name,
            String startup,
            ContainerSpec.ResourceLimits limits,
            String networkMode,
            Map<String, List<ContainerSpec.HostBinding>> ports) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("Service", "Pterodactyl");
        labels.put("ContainerType", "server_process");
        Map<String, String> logOptions = new LinkedHashMap<>();
        logOptions.put("compress", "false");
        logOptions.put("max-file", "1");
        logOptions.put("max-size", "5m");
        logOptions.put("mode", "non-blocking");
        return new ContainerSpec(
                name,
                "",
                "988:988",
                IMAGE,
                true,
                List.of("TZ=UTC", "STARTUP=" + startup, "SERVER_MEMORY=64", "P_SERVER_UUID=" + name),
                labels,
                ports,
                List.of(new ContainerSpec.BindMount(dataDirectory().toString(), "/home/container", false)),
                16,
                limits,
                List.of("1.1.1.1", "1.0.0.1"),
                "local",
                logOptions,
                networkMode,
                "");
    }

    /** What {@code docker inspect} says about a container or network. */
    public JsonNode inspect(String... what) {
        List<String> args = new ArrayList<>(List.of("inspect"));
        args.addAll(List.of(what));
        try {
            return mapper.readTree(DockerCli.run(args.toArray(String[]::new))).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code what} after {@code timeout}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }

    @Override
    public void close() throws IOException {
        for (String name : containers) {
            try {
                client.removeContainerCmd(name)
                        .withForce(true)
                        .withRemoveVolumes(true)
                        .exec();
            } catch (NotFoundException e) {
                // Never created, or removed by the test.
            }
        }
        for (String name : networks) {
            try {
                client.removeNetworkCmd(name).exec();
            } catch (NotFoundException e) {
                // Never created.
            }
        }
        for (String reference : imageReferences) {
            try {
                DockerCli.run("rmi", reference);
            } catch (IllegalStateException e) {
                // Never pulled.
            }
        }
        for (Path dir : directories) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        executors.shutdownNow();
        transport.close();
    }
}
