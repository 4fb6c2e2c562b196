package dev.pinion.environment.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.concurrent.DaemonExecutors;
import dev.pinion.config.DockerConfig;
import dev.pinion.environment.ContainerOutput;
import dev.pinion.environment.ContainerRuntime;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.ContainerStatus;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.environment.InstallerSpec;
import dev.pinion.environment.LabelledContainer;
import dev.pinion.environment.ResourceSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@link ContainerRuntime} on Docker, driving the engine exactly as Wings does
 * (spec server-lifecycle-docker.md §2). Uses docker-java's commands where their model is exact, and
 * the raw transport ({@link RawDockerApi}) where it is not.
 *
 * <p>Every blocking read on the transport (attach, stats, followed output, and the calls Docker
 * answers only when a container stops: stop, wait) runs on the shared, bounded Docker I/O executor
 * so the caller's deadline holds. When a wait's deadline passes its response is closed, which ends
 * the read; a stop's request cannot be aborted by this transport, so its task stays blocked until
 * the container does stop (at most the stop's own timeout, since a kill follows).
 */
public final class DockerRuntime implements ContainerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);
    private static final Pattern SIGNAL_NAME = Pattern.compile("SIG[A-Z0-9+\\-]+");
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final DockerClient client;
    private final RawDockerApi api;
    private final Options options;
    private final ContainerRequests requests;
    private final ImagePuller puller;
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
    public record Options(String bridgeName, boolean blkioWeightSupported, long consoleBufferChars, Duration pullTimeout) {
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

    public DockerRuntime(DockerClient client, DockerHttpClient transport, ObjectMapper mapper, DaemonExecutors executors) {
        this(client, transport, mapper, Options.forHost(), executors);
    }

    /** @param executors Docker I/O for stream reads, work for line delivery, timers for pull deadlines */
    public DockerRuntime(DockerClient client, DockerHttpClient transport, ObjectMapper mapper, Options options,
                         DaemonExecutors executors) {
        this.client = client;
        this.api = new RawDockerApi(transport, mapper);
        this.options = options;
        this.requests = new ContainerRequests(mapper, options.blkioWeightSupported());
        this.puller = new ImagePuller(client, api, options.pullTimeout(), executors.timers());
        this.dockerIo = executors.dockerIo();
        this.work = executors.work();
    }

    @Override
    public String ensureNetwork(DockerConfig.Network network) {
        Optional<String> driver = networkDriver(network.name());
        if (driver.isPresent()) {
            return driver.get();
        }
        Map<String, String> bridgeOptions = new LinkedHashMap<>();
        bridgeOptions.put("encryption", "false");
        bridgeOptions.put("com.docker.network.bridge.default_bridge", "false");
        bridgeOptions.put("com.docker.network.bridge.enable_icc", String.valueOf(network.enableIcc()));
        bridgeOptions.put("com.docker.network.bridge.enable_ip_masquerade", "true");
        bridgeOptions.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
        bridgeOptions.put("com.docker.network.bridge.name", options.bridgeName());
        bridgeOptions.put("com.docker.network.driver.mtu", String.valueOf(network.networkMtu()));
        DockerConfig.Interfaces interfaces = network.interfaces();
        try {
            client.createNetworkCmd()
                    .withName(network.name())
                    .withDriver(network.driver())
                    .withEnableIpv6(true)
                    .withInternal(network.isInternal())
                    .withIpam(new Network.Ipam().withConfig(
                            new Network.Ipam.Config().withSubnet(interfaces.v4().subnet()).withGateway(interfaces.v4().gateway()),
                            new Network.Ipam.Config().withSubnet(interfaces.v6().subnet()).withGateway(interfaces.v6().gateway())))
                    .withOptions(bridgeOptions)
                    .exec();
        } catch (RuntimeException e) {
            throw new EnvironmentException("cannot create network " + network.name() + ": " + RawDockerApi.rootMessage(e), e);
        }
        LOG.info("created network {} (bridge {})", network.name(), options.bridgeName());
        // Wings reads the driver from an empty inspect result here and writes "" to its config;
        // the network as it now exists is inspected instead.
        return networkDriver(network.name())
                .orElseThrow(() -> new EnvironmentException("network " + network.name() + " vanished after its creation"));
    }

    private Optional<String> networkDriver(String name) {
        try {
            return Optional.ofNullable(client.inspectNetworkCmd().withNetworkId(name).exec().getDriver());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new EnvironmentException("cannot inspect network " + name + ": " + RawDockerApi.rootMessage(e), e);
        }
    }

    @Override
    public void pullImage(String image, Map<String, DockerConfig.RegistryCredentials> registries, Consumer<String> progress) {
        puller.pull(image, registries, progress);
    }

    /**
     * A raw {@code GET /containers/{name}/json}, as Wings' performant inspect does: docker-java's
     * model cannot even read these containers back (its Capability enum rejects the lower-case
     * names in CapDrop).
     */
    @Override
    public Optional<ContainerStatus> inspect(String name) {
        RawDockerApi.Answer answer = api.call(DockerHttpClient.Request.Method.GET,
                RawDockerApi.path("/containers/{}/json", name), Map.of(), null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            throw new EnvironmentException("cannot inspect container " + name + ": " + api.errorMessage(answer.body()));
        }
        JsonNode state;
        try {
            state = api.mapper().readTree(answer.body()).path("State");
        } catch (IOException e) {
            throw new EnvironmentException("cannot read the inspection of container " + name, e);
        }
        return Optional.of(new ContainerStatus(state.path("Running").asBoolean(), state.path("ExitCode").asInt(),
                state.path("OOMKilled").asBoolean(), startedAt(state.path("StartedAt").asText(""))));
    }

    private static Optional<Instant> startedAt(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant instant = Instant.parse(text);
            return instant.isAfter(GO_ZERO_TIME) ? Optional.of(instant) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public void create(ContainerSpec spec) {
        if (inspect(spec.name()).isPresent()) {
            return;
        }
        RawDockerApi.Answer answer = api.call(DockerHttpClient.Request.Method.POST, "/containers/create",
                Map.of("name", spec.name()), requests.create(spec));
        if (answer.status() == 409) {
            // Created meanwhile by someone else: as good as existing.
            return;
        }
        if (!answer.ok()) {
            throw new EnvironmentException("cannot create container " + spec.name() + ": " + api.errorMessage(answer.body()));
        }
        logWarnings("create " + spec.name(), answer.body());
    }

    @Override
    public void remove(String name, boolean force) {
        try {
            client.removeContainerCmd(name).withRemoveVolumes(true).withForce(force).exec();
        } catch (NotFoundException e) {
            // Nothing to remove.
        } catch (RuntimeException e) {
            throw new EnvironmentException("cannot remove container " + name + ": " + RawDockerApi.rootMessage(e), e);
        }
    }

    @Override
    public DockerConsoleAttachment attach(String name, Consumer<String> lines) {
        return DockerConsoleAttachment.open(api, name, lines, options.consoleBufferChars(), dockerIo, work);
    }

    @Override
    public void start(String name) {
        try {
            client.startContainerCmd(name).exec();
        } catch (NotModifiedException e) {
            // Already running.
        } catch (RuntimeException e) {
            throw new EnvironmentException("cannot start container " + name + ": " + RawDockerApi.rootMessage(e), e);
        }
    }

    /**
     * Sends {@code signal} (a name such as SIGINT; case does not matter). A missing container, or
     * one that is not running, is fine: there is nothing to signal.
     */
    @Override
    public void signal(String name, String signal) {
        String normalized = signal.toUpperCase(Locale.ROOT);
        if (!SIGNAL_NAME.matcher(normalized).matches()) {
            throw new EnvironmentException("invalid signal name: " + signal);
        }
        try {
            client.killContainerCmd(name).withSignal(normalized).exec();
        } catch (NotFoundException | ConflictException e) {
            // Missing or not running: nothing to signal.
        } catch (RuntimeException e) {
            throw new EnvironmentException("cannot send " + normalized + " to container " + name + ": "
                    + RawDockerApi.rootMessage(e), e);
        }
    }

    /**
     * {@code POST /containers/{name}/stop?t=-1}: the stop signal, then Docker waits as long as it
     * takes. Returns when the container stopped or when {@code deadline} passed, whichever is first;
     * use {@link #awaitExit} to tell which. A missing container is fine.
     */
    @Override
    public void stop(String name, Duration deadline) {
        CompletableFuture<RawDockerApi.Answer> stopped = onDockerIo(() -> api.call(
                DockerHttpClient.Request.Method.POST, RawDockerApi.path("/containers/{}/stop", name), Map.of("t", "-1"), null));
        try {
            RawDockerApi.Answer answer = stopped.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (!answer.ok() && answer.status() != 304 && answer.status() != 404) {
                throw new EnvironmentException("cannot stop container " + name + ": " + api.errorMessage(answer.body()));
            }
        } catch (TimeoutException e) {
            LOG.debug("stop of {} still running after {}", name, deadline);
        } catch (ExecutionException e) {
            throw asEnvironmentException("cannot stop container " + name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while stopping container " + name, e);
        }
    }

    /** {@code POST /containers/{name}/wait?condition=not-running}; a missing container counts as exited. */
    @Override
    public boolean awaitExit(String name, Duration deadline) {
        DockerHttpClient.Response response = api.open(DockerHttpClient.Request.Method.POST,
                RawDockerApi.path("/containers/{}/wait", name), Map.of("condition", "not-running"), Map.of(), null, null);
        // Docker answers the headers at once and the body when the container is not running.
        CompletableFuture<Integer> exited = onDockerIo(() -> {
            try (InputStream in = response.getBody()) {
                in.readAllBytes();
                return response.getStatusCode();
            } catch (IOException e) {
                throw new EnvironmentException("waiting for container " + name + " broke: " + e.getMessage(), e);
            }
        });
        try {
            int status = exited.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (status == 200 || status == 404) {
                return true;
            }
            throw new EnvironmentException("cannot wait for container " + name + ": HTTP " + status);
        } catch (TimeoutException e) {
            response.close();
            return false;
        } catch (ExecutionException e) {
            response.close();
            throw asEnvironmentException("cannot wait for container " + name, e.getCause());
        } catch (InterruptedException e) {
            response.close();
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while waiting for container " + name, e);
        }
    }

    /**
     * {@code GET /containers/{name}/logs?stdout=1&stderr=1&tail=<lines>}, split on {@code \n} with a
     * trailing {@code \r} removed, as Wings' line scanner does (empty lines inside are kept).
     */
    @Override
    public List<String> logs(String name, int lines) {
        if (inspect(name).isEmpty()) {
            // Checked first: docker-java's log callback reports a missing container as an error log of its own.
            throw new EnvironmentException("cannot read logs of " + name + ": no such container");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            client.logContainerCmd(name).withStdOut(true).withStdErr(true).withTail(lines)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            output.writeBytes(frame.getPayload());
                        }
                    })
                    .awaitCompletion(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while reading logs of " + name, e);
        } catch (RuntimeException e) {
            throw new EnvironmentException("cannot read logs of " + name + ": " + RawDockerApi.rootMessage(e), e);
        }
        return splitLogLines(output.toString(StandardCharsets.UTF_8));
    }

    static List<String> splitLogLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            String line = end < 0 ? text.substring(start) : text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            lines.add(line);
            start = end < 0 ? text.length() : end + 1;
        }
        return lines;
    }

    @Override
    public DockerStatsStream stats(String name, Consumer<ResourceSample> samples) {
        return DockerStatsStream.open(api, name, samples, dockerIo);
    }

    /** {@code POST /containers/{name}/update} with the same resources as at create; a missing container is fine. */
    @Override
    public void updateResources(String name, ContainerSpec.ResourceLimits limits) {
        RawDockerApi.Answer answer = api.call(DockerHttpClient.Request.Method.POST,
                RawDockerApi.path("/containers/{}/update", name), Map.of(), requests.update(limits));
        if (answer.status() == 404) {
            return;
        }
        if (!answer.ok()) {
            throw new EnvironmentException("cannot update container " + name + ": " + api.errorMessage(answer.body()));
        }
        logWarnings("update " + name, answer.body());
    }

    @Override
    public void createInstaller(InstallerSpec spec) {
        RawDockerApi.Answer answer = api.call(DockerHttpClient.Request.Method.POST, "/containers/create",
                Map.of("name", spec.name()), requests.installer(spec));
        if (!answer.ok()) {
            throw new EnvironmentException("cannot create container " + spec.name() + ": " + api.errorMessage(answer.body()));
        }
        logWarnings("create " + spec.name(), answer.body());
    }

    /**
     * {@code GET /containers/{name}/logs?follow=1&stdout=1&stderr=1}: with a TTY the stream is the
     * raw output, and it starts at the container's start, so following after the start misses nothing.
     */
    @Override
    public ContainerOutput followOutput(String name, OutputStream sink) {
        DockerHttpClient.Response response = api.open(DockerHttpClient.Request.Method.GET,
                RawDockerApi.path("/containers/{}/logs", name), followQuery(), Map.of(), null, null);
        if (response.getStatusCode() != 200) {
            String body;
            try (InputStream in = response.getBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = e.getMessage();
            } finally {
                response.close();
            }
            throw new EnvironmentException("cannot follow the output of " + name + ": " + api.errorMessage(body));
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        dockerIo.execute(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = response.getBody()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    sink.write(buffer, 0, read);
                }
            } catch (IOException | RuntimeException e) {
                if (!ended.isDone()) {
                    LOG.debug("output stream of {} ended: {}", name, RawDockerApi.rootMessage(e));
                }
            } finally {
                response.close();
                ended.complete(null);
            }
        });
        return new ContainerOutput() {
            @Override
            public CompletableFuture<Void> ended() {
                return ended;
            }

            @Override
            public void close() {
                response.close();
            }
        };
    }

    private static Map<String, String> followQuery() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("follow", "1");
        query.put("stdout", "1");
        query.put("stderr", "1");
        return query;
    }

    /** {@code POST /containers/{name}/wait?condition=not-running}, read for its StatusCode. */
    @Override
    public int waitForExitCode(String name) throws InterruptedException {
        DockerHttpClient.Response response = api.open(DockerHttpClient.Request.Method.POST,
                RawDockerApi.path("/containers/{}/wait", name), Map.of("condition", "not-running"), Map.of(), null, null);
        CompletableFuture<RawDockerApi.Answer> exited = onDockerIo(() -> {
            try (InputStream in = response.getBody()) {
                return new RawDockerApi.Answer(response.getStatusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new EnvironmentException("waiting for container " + name + " broke: " + e.getMessage(), e);
            }
        });
        RawDockerApi.Answer answer;
        try {
            answer = exited.get();
        } catch (InterruptedException e) {
            response.close();
            throw e;
        } catch (ExecutionException e) {
            response.close();
            throw asEnvironmentException("cannot wait for container " + name, e.getCause());
        }
        if (!answer.ok()) {
            throw new EnvironmentException("cannot wait for container " + name + ": " + api.errorMessage(answer.body()));
        }
        try {
            JsonNode result = api.mapper().readTree(answer.body());
            String error = result.path("Error").path("Message").asText("");
            if (!error.isEmpty()) {
                throw new EnvironmentException("waiting for container " + name + " failed: " + error);
            }
            return result.path("StatusCode").asInt();
        } catch (IOException e) {
            throw new EnvironmentException("cannot read the wait result of container " + name, e);
        }
    }

    /** {@code GET /containers/json?all=1&filters={"label":["key=value"]}}. */
    @Override
    public List<LabelledContainer> containersLabelled(String key, String value) {
        String filters = api.mapper().createObjectNode().set("label",
                api.mapper().createArrayNode().add(key + "=" + value)).toString();
        RawDockerApi.Answer answer = api.call(DockerHttpClient.Request.Method.GET, "/containers/json",
                Map.of("all", "1", "filters", filters), null);
        if (!answer.ok()) {
            throw new EnvironmentException("cannot list containers labelled " + key + "=" + value + ": "
                    + api.errorMessage(answer.body()));
        }
        List<LabelledContainer> found = new ArrayList<>();
        try {
            for (JsonNode container : api.mapper().readTree(answer.body())) {
                String name = container.path("Names").path(0).asText("");
                Map<String, String> labels = new LinkedHashMap<>();
                container.path("Labels").fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
                found.add(new LabelledContainer(name.startsWith("/") ? name.substring(1) : name, labels));
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot read the container list", e);
        }
        return found;
    }

    private void logWarnings(String what, String body) {
        try {
            JsonNode warnings = api.mapper().readTree(body).path("Warnings");
            for (JsonNode warning : warnings) {
                LOG.warn("Docker warns on {}: {}", what, warning.asText());
            }
        } catch (IOException | RuntimeException e) {
            // An answer without warnings.
        }
    }

    /** Runs a blocking transport call on the Docker I/O executor; the future fails with what it throws. */
    private <T> CompletableFuture<T> onDockerIo(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, dockerIo);
    }

    private static EnvironmentException asEnvironmentException(String message, Throwable cause) {
        if (cause instanceof EnvironmentException environment) {
            return environment;
        }
        return new EnvironmentException(message + ": " + RawDockerApi.rootMessage(cause), cause);
    }
}
