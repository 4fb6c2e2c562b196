package dev.pinion.environment.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.ContainerStatus;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.environment.InstallerSpec;
import dev.pinion.environment.LabelledContainer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers as objects: create (server and installer), inspect, update, remove, list by label
 * (Wings' environment/docker/container.go).
 */
final class DockerContainers {
    private static final Logger LOG = LoggerFactory.getLogger(DockerContainers.class);
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final DockerClient client;
    private final RawDockerApi api;
    private final ContainerRequests requests;

    DockerContainers(DockerClient client, RawDockerApi api, ContainerRequests requests) {
        this.client = client;
        this.api = api;
        this.requests = requests;
    }

    /**
     * A raw {@code GET /containers/{name}/json}, as Wings' performant inspect does: docker-java's
     * model cannot even read these containers back (its Capability enum rejects the lower-case
     * names in CapDrop).
     */
    public Optional<ContainerStatus> inspect(String name) {
        Optional<RawDockerApi.Answer> answer = api.callUnlessAbsent(
                DockerHttpClient.Request.Method.GET,
                RawDockerApi.path("/containers/{}/json", name),
                Map.of(),
                null,
                "cannot inspect container " + name);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        JsonNode state;
        try {
            state = api.mapper().readTree(answer.get().body()).path("State");
        } catch (IOException e) {
            throw new EnvironmentException("cannot read the inspection of container " + name, e);
        }
        return Optional.of(new ContainerStatus(
                state.path("Running").asBoolean(),
                state.path("ExitCode").asInt(),
                state.path("OOMKilled").asBoolean(),
                startedAt(state.path("StartedAt").asText(""))));
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

    public void create(ContainerSpec spec) {
        if (inspect(spec.name()).isPresent()) {
            return;
        }
        RawDockerApi.Answer answer = api.call(
                DockerHttpClient.Request.Method.POST,
                "/containers/create",
                Map.of("name", spec.name()),
                requests.create(spec));
        if (answer.status() == 409) {
            // Created meanwhile by someone else: as good as existing.
            return;
        }
        if (!answer.ok()) {
            throw new EnvironmentException(
                    "cannot create container " + spec.name() + ": " + api.errorMessage(answer.body()));
        }
        logWarnings("create " + spec.name(), answer.body());
    }

    public void createInstaller(InstallerSpec spec) {
        RawDockerApi.Answer answer = api.call(
                DockerHttpClient.Request.Method.POST,
                "/containers/create",
                Map.of("name", spec.name()),
                requests.installer(spec));
        if (!answer.ok()) {
            throw new EnvironmentException(
                    "cannot create container " + spec.name() + ": " + api.errorMessage(answer.body()));
        }
        logWarnings("create " + spec.name(), answer.body());
    }

    /** Removes the container and its anonymous volumes; a missing container is nothing to remove. */
    public void remove(String name, boolean force) {
        RawDockerApi.unlessAbsent(
                () -> client.removeContainerCmd(name)
                        .withRemoveVolumes(true)
                        .withForce(force)
                        .exec(),
                "cannot remove container " + name);
    }

    /** {@code POST /containers/{name}/update} with the same resources as at create; a missing container is fine. */
    public void updateResources(String name, ContainerSpec.ResourceLimits limits) {
        api.callUnlessAbsent(
                        DockerHttpClient.Request.Method.POST,
                        RawDockerApi.path("/containers/{}/update", name),
                        Map.of(),
                        requests.update(limits),
                        "cannot update container " + name)
                .ifPresent(answer -> logWarnings("update " + name, answer.body()));
    }

    /** {@code GET /containers/json?all=1&filters={"label":["key=value"]}}. */
    public List<LabelledContainer> containersLabelled(String key, String value) {
        String filters = api.mapper()
                .createObjectNode()
                .set("label", api.mapper().createArrayNode().add(key + "=" + value))
                .toString();
        RawDockerApi.Answer answer = api.call(
                DockerHttpClient.Request.Method.GET, "/containers/json", Map.of("all", "1", "filters", filters), null);
        if (!answer.ok()) {
            throw new EnvironmentException(
                    "cannot list containers labelled " + key + "=" + value + ": " + api.errorMessage(answer.body()));
        }
        List<LabelledContainer> found = new ArrayList<>();
        try {
            for (JsonNode container : api.mapper().readTree(answer.body())) {
                String name = container.path("Names").path(0).asText("");
                Map<String, String> labels = new LinkedHashMap<>();
                container
                        .path("Labels")
                        .fields()
                        .forEachRemaining(label ->
                                labels.put(label.getKey(), label.getValue().asText()));
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
}
