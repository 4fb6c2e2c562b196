package dev.pinion.environment.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.environment.ContainerOutput;
import dev.pinion.environment.EnvironmentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's output: the last lines ({@code logs}) and the followed stream an install reads
 * (Wings' environment/docker/container.go readLog and the installer's log follow).
 */
final class DockerLogs {
    private static final Logger LOG = LoggerFactory.getLogger(DockerLogs.class);

    private final DockerClient client;
    private final RawDockerApi api;
    private final DockerContainers containers;
    private final Executor dockerIo;

    DockerLogs(DockerClient client, RawDockerApi api, DockerContainers containers, Executor dockerIo) {
        this.client = client;
        this.api = api;
        this.containers = containers;
        this.dockerIo = dockerIo;
    }

    /**
     * {@code GET /containers/{name}/logs?stdout=1&stderr=1&tail=<lines>}, split on {@code \n} with a
     * trailing {@code \r} removed, as Wings' line scanner does (empty lines inside are kept).
     */
    public List<String> logs(String name, int lines) {
        if (containers.inspect(name).isEmpty()) {
            // Checked first: docker-java's log callback reports a missing container as an error log of its own.
            throw new EnvironmentException("cannot read logs of " + name + ": no such container");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            client.logContainerCmd(name)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(lines)
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

    /**
     * {@code GET /containers/{name}/logs?follow=1&stdout=1&stderr=1}: with a TTY the stream is the
     * raw output, and it starts at the container's start, so following after the start misses nothing.
     */
    public ContainerOutput followOutput(String name, OutputStream sink) {
        DockerHttpClient.Response response = api.open(
                DockerHttpClient.Request.Method.GET,
                RawDockerApi.path("/containers/{}/logs", name),
                followQuery(),
                Map.of(),
                null,
                null);
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
}
