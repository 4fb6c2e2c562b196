package dev.pinion.environment.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.environment.ContainerEngine;
import dev.pinion.environment.EngineFacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The Docker Engine behind the {@link ContainerEngine} contract, over docker-java. */
public final class DockerEngine implements ContainerEngine {
    private final DockerClient client;
    private final DockerHttpClient transport;
    private final ObjectMapper mapper;

    public DockerEngine(DockerClient client, DockerHttpClient transport, ObjectMapper mapper) {
        this.client = client;
        this.transport = transport;
        this.mapper = mapper;
    }

    public DockerClient client() {
        return client;
    }

    @Override
    public String ping() {
        client.pingCmd().exec();
        return client.versionCmd().exec().getApiVersion();
    }

    @Override
    public EngineFacts facts() {
        // Read raw: docker-java's Info model lacks the runc commit and the backing filesystem.
        JsonNode info = get("/info");
        JsonNode version = get("/version");
        return new EngineFacts(
                version.path("Version").asText(""),
                version.path("ApiVersion").asText(""),
                info.path("CgroupDriver").asText(""),
                info.path("CgroupVersion").asText(""),
                info.path("Containers").asInt(),
                info.path("ContainersRunning").asInt(),
                info.path("ContainersPaused").asInt(),
                info.path("ContainersStopped").asInt(),
                info.path("Driver").asText(""),
                driverStatus(info, "Backing Filesystem"),
                info.path("RuncCommit").path("ID").asText(""),
                info.path("MemTotal").asLong(),
                info.path("OperatingSystem").asText(""));
    }

    private static String driverStatus(JsonNode info, String key) {
        for (JsonNode pair : info.path("DriverStatus")) {
            if (pair.size() == 2 && key.equals(pair.get(0).asText())) {
                return pair.get(1).asText();
            }
        }
        return "";
    }

    private JsonNode get(String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path)
                .build();
        try (DockerHttpClient.Response response = transport.execute(request);
                InputStream body = response.getBody()) {
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("Docker answered " + response.getStatusCode() + " to GET " + path);
            }
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
