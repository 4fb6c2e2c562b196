package dev.pinion.environment.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.environment.EnvironmentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Power on the engine: start, signal, stop and the wait for a container to stop (Wings'
 * environment/docker/power.go). Calls Docker answers only when a container stops run on the Docker
 * I/O executor so the caller's deadline holds; a timed-out wait has its response closed, which ends
 * it, while a stop's request cannot be aborted by this transport and stays until the container stops.
 */
final class DockerPower {
    private static final Logger LOG = LoggerFactory.getLogger(DockerPower.class);
    private static final Pattern SIGNAL_NAME = Pattern.compile("SIG[A-Z0-9+\\-]+");

    private final DockerClient client;
    private final RawDockerApi api;
    private final Executor dockerIo;

    DockerPower(DockerClient client, RawDockerApi api, Executor dockerIo) {
        this.client = client;
        this.api = api;
        this.dockerIo = dockerIo;
    }

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
            throw new EnvironmentException(
                    "cannot send " + normalized + " to container " + name + ": " + RawDockerApi.rootMessage(e), e);
        }
    }

    /**
     * {@code POST /containers/{name}/stop?t=-1}: the stop signal, then Docker waits as long as it
     * takes. Returns when the container stopped or when {@code deadline} passed, whichever is first;
     * use {@link #awaitExit} to tell which. A missing container is fine.
     */
    public void stop(String name, Duration deadline) {
        CompletableFuture<RawDockerApi.Answer> stopped = onDockerIo(() -> api.call(
                DockerHttpClient.Request.Method.POST,
                RawDockerApi.path("/containers/{}/stop", name),
                Map.of("t", "-1"),
                null));
        try {
            RawDockerApi.Answer answer = stopped.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (!answer.ok() && answer.status() != 304 && answer.status() != 404) {
                throw new EnvironmentException(
                        "cannot stop container " + name + ": " + api.errorMessage(answer.body()));
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
    public boolean awaitExit(String name, Duration deadline) {
        PendingWait wait = waitNotRunning(name);
        try {
            int status = wait.answer()
                    .get(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .status();
            if (status == 200 || status == 404) {
                return true;
            }
            throw new EnvironmentException("cannot wait for container " + name + ": HTTP " + status);
        } catch (TimeoutException e) {
            wait.response().close();
            return false;
        } catch (ExecutionException e) {
            wait.response().close();
            throw asEnvironmentException("cannot wait for container " + name, e.getCause());
        } catch (InterruptedException e) {
            wait.response().close();
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while waiting for container " + name, e);
        }
    }

    /** {@code POST /containers/{name}/wait?condition=not-running}, read for its StatusCode. */
    public int waitForExitCode(String name) throws InterruptedException {
        PendingWait wait = waitNotRunning(name);
        RawDockerApi.Answer answer;
        try {
            answer = wait.answer().get();
        } catch (InterruptedException e) {
            wait.response().close();
            throw e;
        } catch (ExecutionException e) {
            wait.response().close();
            throw asEnvironmentException("cannot wait for container " + name, e.getCause());
        }
        if (!answer.ok()) {
            throw new EnvironmentException(
                    "cannot wait for container " + name + ": " + api.errorMessage(answer.body()));
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

    /** A {@code POST /wait} in progress: closing the response ends it. */
    private record PendingWait(DockerHttpClient.Response response, CompletableFuture<RawDockerApi.Answer> answer) {}

    /**
     * The one {@code POST /containers/{name}/wait?condition=not-running}. Docker answers the headers
     * at once and the body when the container is not running; the body is read on the Docker I/O executor.
     */
    private PendingWait waitNotRunning(String name) {
        DockerHttpClient.Response response = api.open(
                DockerHttpClient.Request.Method.POST,
                RawDockerApi.path("/containers/{}/wait", name),
                Map.of("condition", "not-running"),
                Map.of(),
                null,
                null);
        CompletableFuture<RawDockerApi.Answer> answer = onDockerIo(() -> {
            try (InputStream in = response.getBody()) {
                return new RawDockerApi.Answer(
                        response.getStatusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new EnvironmentException("waiting for container " + name + " broke: " + e.getMessage(), e);
            }
        });
        return new PendingWait(response, answer);
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
