package dev.pinion.environment.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.concurrent.DaemonExecutors;
import dev.pinion.config.DockerConfig;
import dev.pinion.environment.ConsoleOutput;
import dev.pinion.environment.ContainerOutput;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.ContainerStatus;
import dev.pinion.environment.InstallerSpec;
import dev.pinion.environment.LabelledContainer;
import dev.pinion.environment.ResourceSample;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The {@link ContainerRuntime} on Docker, driving the engine exactly as Wings does
 * (spec server-lifecycle-docker.md §2), split by concern as Wings splits its environment:
 * {@link DockerNetworks}, {@link DockerContainers}, {@link DockerPower}, {@link DockerLogs}, the
 * console attachment ({@link DockerConsoleAttachment}), stats ({@link DockerStatsStream}) and
 * image pulls ({@link ImagePuller}). Uses docker-java's commands where their model is exact, and
 * the raw transport ({@link RawDockerApi}) where it is not.
 */
public final class DockerRuntime implements ContainerRuntime {
    private final RawDockerApi api;
    private final Options options;
    private final ImagePuller puller;
    private final DockerNetworks networks;
    private final DockerContainers containers;
    private final DockerPower power;
    private final DockerLogs logs;
    private final Executor dockerIo;
    private final Executor work;

    /**
     * What may differ from Wings' fixed values, for tests and odd hosts.
     *
     * @param bridgeName           the node network's Linux bridge (Wings hard-codes {@code pterodactyl0})
     * @param blkioWeightSupported whether BlkioWeight is sent (see {@link BlkioWeightSupport})
     * @param consoleBufferChars   console output held for a slow consumer before lines are dropped
     * @param pullTimeout          how long one image pull may take (Wings: 15 minutes)
     */
    public record Options(
            String bridgeName, boolean blkioWeightSupported, long consoleBufferChars, Duration pullTimeout) {
        public static final String WINGS_BRIDGE_NAME = "pterodactyl0";

        /** Wings' values, with block-IO weight support probed on this host. */
        public static Options forHost() {
            return new Options(WINGS_BRIDGE_NAME, BlkioWeightSupport.onHost(), 1 << 20, Duration.ofMinutes(15));
        }

        public Options withBridgeName(String name) {
            return new Options(name, blkioWeightSupported, consoleBufferChars, pullTimeout);
        }

        public Options withBlkioWeightSupported(boolean supported) {
            return new Options(bridgeName, supported, consoleBufferChars, pullTimeout);
        }

        public Options withConsoleBufferChars(long chars) {
            return new Options(bridgeName, blkioWeightSupported, chars, pullTimeout);
        }
    }

    public DockerRuntime(
            DockerClient client, DockerHttpClient transport, ObjectMapper mapper, DaemonExecutors executors) {
        this(client, transport, mapper, Options.forHost(), executors);
    }

    /** @param executors Docker I/O for stream reads, work for line delivery, timers for pull deadlines */
    public DockerRuntime(
            DockerClient client,
            DockerHttpClient transport,
            ObjectMapper mapper,
            Options options,
            DaemonExecutors executors) {
        this.api = new RawDockerApi(transport, mapper);
        this.options = options;
        this.puller = new ImagePuller(client, api, options.pullTimeout(), executors.timers());
        this.dockerIo = executors.dockerIo();
        this.work = executors.work();
        this.networks = new DockerNetworks(client, options.bridgeName());
        this.containers =
                new DockerContainers(client, api, new ContainerRequests(mapper, options.blkioWeightSupported()));
        this.power = new DockerPower(client, api, dockerIo);
        this.logs = new DockerLogs(client, api, containers, dockerIo);
    }

    @Override
    public String ensureNetwork(DockerConfig.Network network) {
        return networks.ensureNetwork(network);
    }

    @Override
    public void pullImage(
            String image, Map<String, DockerConfig.RegistryCredentials> registries, Consumer<String> progress) {
        puller.pull(image, registries, progress);
    }

    @Override
    public Optional<ContainerStatus> inspect(String name) {
        return containers.inspect(name);
    }

    @Override
    public void create(ContainerSpec spec) {
        containers.create(spec);
    }

    @Override
    public void createInstaller(InstallerSpec spec) {
        containers.createInstaller(spec);
    }

    @Override
    public void remove(String name, boolean force) {
        containers.remove(name, force);
    }

    @Override
    public void updateResources(String name, ContainerSpec.ResourceLimits limits) {
        containers.updateResources(name, limits);
    }

    @Override
    public List<LabelledContainer> containersLabelled(String key, String value) {
        return containers.containersLabelled(key, value);
    }

    @Override
    public void start(String name) {
        power.start(name);
    }

    @Override
    public void signal(String name, String signal) {
        power.signal(name, signal);
    }

    @Override
    public void stop(String name, Duration deadline) {
        power.stop(name, deadline);
    }

    @Override
    public boolean awaitExit(String name, Duration deadline) {
        return power.awaitExit(name, deadline);
    }

    @Override
    public int waitForExitCode(String name) throws InterruptedException {
        return power.waitForExitCode(name);
    }

    @Override
    public List<String> logs(String name, int lines) {
        return logs.logs(name, lines);
    }

    @Override
    public ContainerOutput followOutput(String name, OutputStream sink) {
        return logs.followOutput(name, sink);
    }

    @Override
    public DockerConsoleAttachment attach(String name, Consumer<String> lines) {
        return attachOutput(name, (text, readAtMillis) -> lines.accept(text));
    }

    @Override
    public DockerConsoleAttachment attachOutput(String name, ConsoleOutput output) {
        return DockerConsoleAttachment.open(api, name, output, options.consoleBufferChars(), dockerIo, work);
    }

    @Override
    public DockerStatsStream stats(String name, Consumer<ResourceSample> samples) {
        return DockerStatsStream.open(api, name, samples, dockerIo);
    }
}
