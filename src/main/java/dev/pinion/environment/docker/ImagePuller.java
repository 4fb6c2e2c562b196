package dev.pinion.environment.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.config.DockerConfig;
import dev.pinion.environment.EnvironmentException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls images as Wings does (spec §2.4): registry auth by key prefix, progress lines
 * "status progress", errors inside the stream ignored, and when the pull request itself fails, an
 * offline fallback to a local image whose RepoTags holds exactly the configured string.
 */
final class ImagePuller {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);

    private final DockerClient client;
    private final RawDockerApi api;
    private final Duration timeout;

    private final ScheduledExecutorService timers;

    /** @param timers aborts a pull that exceeds {@code timeout} */
    ImagePuller(DockerClient client, RawDockerApi api, Duration timeout, ScheduledExecutorService timers) {
        this.timers = timers;
        this.client = client;
        this.api = api;
        this.timeout = timeout;
    }

    void pull(String image, Map<String, DockerConfig.RegistryCredentials> registries, Consumer<String> progress) {
        ImageReference reference = ImageReference.parse(image);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("fromImage", reference.name());
        query.put("tag", reference.tag());
        Map<String, String> headers = RegistryAuth.headerFor(image, registries)
                .map(auth -> Map.of("X-Registry-Auth", auth))
                .orElse(Map.of());

        DockerHttpClient.Response response;
        try {
            response = api.open(DockerHttpClient.Request.Method.POST, "/images/create", query, headers, null, null);
        } catch (EnvironmentException e) {
            fallBackToLocal(image, e.getMessage());
            return;
        }
        try (response) {
            if (response.getStatusCode() != 200) {
                String body = readAll(response);
                fallBackToLocal(image, "HTTP " + response.getStatusCode() + ": " + api.errorMessage(body));
                return;
            }
            streamProgress(image, response, progress);
        }
    }

    private void streamProgress(String image, DockerHttpClient.Response response, Consumer<String> progress) {
        // Wings gives a pull 15 minutes; closing the response ends the read below.
        ScheduledFuture<?> abort = timers.schedule(
                () -> {
                    LOG.warn("pull of {} exceeded {}; aborting", image, timeout);
                    response.close();
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.getBody(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event = api.mapper().readTree(line);
                // Errors inside the stream are ignored, as in Wings: the create then fails with
                // "No such image" or uses the local copy.
                progress.accept(event.path("status").asText("") + " "
                        + event.path("progress").asText(""));
            }
        } catch (IOException | RuntimeException e) {
            throw new EnvironmentException(
                    "failed to pull \"" + image + "\" image for server: " + RawDockerApi.rootMessage(e), e);
        } finally {
            abort.cancel(false);
        }
    }

    private void fallBackToLocal(String image, String reason) {
        List<Image> images;
        try {
            images = client.listImagesCmd().exec();
        } catch (RuntimeException e) {
            throw new EnvironmentException("failed to list images: " + RawDockerApi.rootMessage(e), e);
        }
        for (Image local : images) {
            String[] tags = local.getRepoTags();
            if (tags == null) {
                continue;
            }
            for (String tag : tags) {
                // Exactly equal, as Wings compares: "image" never matches "image:latest".
                if (tag.equals(image)) {
                    LOG.warn("unable to pull {} ({}), however the image exists locally; using it", image, reason);
                    return;
                }
            }
        }
        throw new EnvironmentException("failed to pull \"" + image + "\" image for server: " + reason);
    }

    private static String readAll(DockerHttpClient.Response response) {
        try {
            return new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
