package dev.pinion.environment.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.environment.ResourceSample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /containers/{name}/stats?stream=1}, decoded object by object into samples on a reader
 * thread of its own until the container stops, the stream breaks, or this is closed (spec §2.7). Samples go to the consumer on that thread; Docker sends one a second, so a slow
 * consumer only delays the next sample.
 */
public final class DockerStatsStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerStatsStream.class);

    private final String name;
    private final RawDockerApi api;
    private final DockerHttpClient.Response response;
    private final Consumer<ResourceSample> samples;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean closed;

    private DockerStatsStream(
            String name, RawDockerApi api, DockerHttpClient.Response response, Consumer<ResourceSample> samples) {
        this.name = name;
        this.api = api;
        this.response = response;
        this.samples = samples;
    }

    /** @param reader runs the blocking read of the stream (a platform thread: see DaemonExecutors) */
    static DockerStatsStream open(RawDockerApi api, String name, Consumer<ResourceSample> samples, Executor reader) {
        DockerHttpClient.Response response = api.open(
                DockerHttpClient.Request.Method.GET,
                RawDockerApi.path("/containers/{}/stats", name),
                Map.of("stream", "1"),
                Map.of(),
                null,
                null);
        if (response.getStatusCode() != 200) {
            String message;
            try (InputStream in = response.getBody()) {
                message = api.errorMessage(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                message = e.getMessage();
            } finally {
                response.close();
            }
            throw new EnvironmentException("cannot read stats of " + name + ": " + message);
        }
        DockerStatsStream stream = new DockerStatsStream(name, api, response, samples);
        reader.execute(stream::read);
        return stream;
    }

    private void read() {
        try {
            // Not closed by try-with-resources: closing the body of an endless chunked stream
            // first would read it to its end. The response is aborted first, in finally.
            MappingIterator<JsonNode> objects =
                    api.mapper().readerFor(JsonNode.class).readValues(response.getBody());
            while (!closed && objects.hasNextValue()) {
                JsonNode stats = objects.nextValue();
                if (!StatsSamples.isLive(stats)) {
                    // Docker keeps the stream open after the container stops, sending empty
                    // objects read at Go's zero time; the container has stopped, so this ends.
                    break;
                }
                if (!closed) {
                    samples.accept(StatsSamples.from(stats));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("stats stream of {} broke: {}", name, RawDockerApi.rootMessage(e));
            }
        } finally {
            response.close();
            ended.complete(null);
        }
    }

    /** Completes when no more samples will come. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public void close() {
        closed = true;
        response.close();
    }
}
