package dev.pinion.environment.docker;

import static dev.pinion.testing.DockerTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.environment.ConsoleAttachment;
import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.ContainerStatus;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.testing.DockerTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start, signals, Docker stop, waiting for the exit, inspect and remove (spec §2.9, §2.10, §2.13). */
class DockerPowerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    // Traps SIGTERM but carries on: only SIGKILL ends it.
    private static final String STUBBORN_SERVER =
            "sh -c 'trap \"echo ignoring\" TERM; echo ready; " + "while true; do read line; done'";

    private final DockerTestSupport docker = new DockerTestSupport();
    private final DockerRuntime runtime = docker.runtime();

    @AfterEach
    void cleanUp() throws Exception {
        docker.close();
    }

    private String startedServer(String startup, List<String> lines) {
        String name = docker.containerName();
        runtime.create(docker.spec(name, startup));
        ConsoleAttachment console = runtime.attach(name, lines::add);
        runtime.start(name);
        await(WAIT, "the server to be ready", () -> lines.stream().anyMatch(l -> l.startsWith("ready")));
        return name;
    }

    @Test
    void sigintStopsAServerThatTrapsItWithExitCodeZero() {
        List<String> lines = new CopyOnWriteArrayList<>();
        String name = startedServer(DockerConsoleTest.ECHO_SERVER, lines);

        runtime.signal(name, "SIGINT");

        assertThat(runtime.awaitExit(name, WAIT)).isTrue();
        ContainerStatus status = runtime.inspect(name).orElseThrow();
        assertThat(status.running()).isFalse();
        assertThat(status.exitCode()).isZero();
        await(WAIT, "the trap's goodbye", () -> lines.contains("bye"));
    }

    @Test
    void signalNamesAreCaseInsensitive() {
        List<String> lines = new CopyOnWriteArrayList<>();
        String name = startedServer(DockerConsoleTest.ECHO_SERVER, lines);

        runtime.signal(name, "sigterm");

        assertThat(runtime.awaitExit(name, WAIT)).isTrue();
        assertThat(runtime.inspect(name).orElseThrow().exitCode()).isZero();
    }

    @Test
    void sigkillEndsAServerThatIgnoresSigterm() {
        String name = startedServer(STUBBORN_SERVER, new CopyOnWriteArrayList<>());

        runtime.signal(name, "SIGKILL");

        assertThat(runtime.awaitExit(name, WAIT)).isTrue();
        assertThat(runtime.inspect(name).orElseThrow().exitCode()).isEqualTo(137);
    }

    @Test
    void dockerStopSendsSigtermAndReturnsOnceStopped() {
        List<String> lines = new CopyOnWriteArrayList<>();
        String name = startedServer(DockerConsoleTest.ECHO_SERVER, lines);

        runtime.stop(name, WAIT);

        ContainerStatus status = runtime.inspect(name).orElseThrow();
        assertThat(status.running()).isFalse();
        assertThat(status.exitCode()).isZero();
    }

    @Test
    void dockerStopWaitsWithoutADockerTimeoutAndReturnsAtTheCallersDeadline() {
        List<String> lines = new CopyOnWriteArrayList<>();
        String name = startedServer(STUBBORN_SERVER, lines);
        long started = System.nanoTime();

        runtime.stop(name, Duration.ofSeconds(2));

        // t=-1: Docker did not fall back to SIGKILL after its default 10 s; our deadline ended the call.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(runtime.inspect(name).orElseThrow().running()).isTrue();
        await(WAIT, "the SIGTERM to arrive", () -> lines.contains("ignoring"));
        runtime.signal(name, "SIGKILL");
        assertThat(runtime.awaitExit(name, WAIT)).isTrue();
    }

    @Test
    void awaitExitIsFalseWhenTheDeadlinePassesFirst() {
        String name = startedServer(DockerConsoleTest.ECHO_SERVER, new CopyOnWriteArrayList<>());
        long started = System.nanoTime();

        assertThat(runtime.awaitExit(name, Duration.ofMillis(500))).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(runtime.inspect(name).orElseThrow().running()).isTrue();
    }

    @Test
    void awaitExitIsTrueAtOnceForAnExitedOrMissingContainer() {
        String name = docker.containerName();
        runtime.create(docker.spec(name, "echo done"));
        runtime.start(name);
        assertThat(runtime.awaitExit(name, WAIT)).isTrue();

        assertThat(runtime.awaitExit(name, Duration.ofSeconds(2))).isTrue();
        assertThat(runtime.awaitExit(docker.containerName(), Duration.ofSeconds(2)))
                .isTrue();
    }

    @Test
    void signallingAMissingOrStoppedContainerIsFine() {
        runtime.signal(docker.containerName(), "SIGKILL");
        String name = docker.containerName();
        runtime.create(docker.spec(name, "echo done"));

        runtime.signal(name, "SIGTERM");

        assertThat(runtime.inspect(name).orElseThrow().running()).isFalse();
    }

    @Test
    void invalidSignalNameIsRefused() {
        String name = startedServer(DockerConsoleTest.ECHO_SERVER, new CopyOnWriteArrayList<>());

        assertThatThrownBy(() -> runtime.signal(name, "interrupt")).isInstanceOf(EnvironmentException.class);
        assertThatThrownBy(() -> runtime.signal(name, "SIGNOPE")).isInstanceOf(EnvironmentException.class);
        assertThat(runtime.inspect(name).orElseThrow().running()).isTrue();
    }

    @Test
    void inspectReportsRunningStartTimeAndExitCode() throws Exception {
        String name = docker.containerName();
        runtime.create(docker.spec(name, "sh -c 'read line; exit 3'"));
        assertThat(runtime.inspect(name)).hasValueSatisfying(status -> {
            assertThat(status.running()).isFalse();
            assertThat(status.startedAt()).as("never started").isEmpty();
        });
        Instant before = Instant.now().minusSeconds(5);
        try (ConsoleAttachment console = runtime.attach(name, line -> {})) {
            runtime.start(name);
            // Starting a running container again is harmless.
            runtime.start(name);

            ContainerStatus running = runtime.inspect(name).orElseThrow();
            assertThat(running.running()).isTrue();
            assertThat(running.startedAt())
                    .hasValueSatisfying(at -> assertThat(at).isAfter(before));

            console.write("");
            assertThat(runtime.awaitExit(name, WAIT)).isTrue();
        }
        ContainerStatus exited = runtime.inspect(name).orElseThrow();
        assertThat(exited.exitCode()).isEqualTo(3);
        assertThat(exited.oomKilled()).isFalse();
    }

    @Test
    void inspectReportsAnOutOfMemoryKill() {
        // The crash handler prints "Out of memory: true" from this (spec §2.10); OOM killer enabled here.
        String name = docker.containerName();
        long memory = 8L * 1024 * 1024;
        ContainerSpec.ResourceLimits limits = new ContainerSpec.ResourceLimits(
                memory,
                memory,
                memory,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                500,
                false,
                512);
        runtime.create(
                docker.spec(name, "sh -c 'x=$(yes | head -c 64000000); echo survived'", limits, "bridge", Map.of()));
        runtime.start(name);

        assertThat(runtime.awaitExit(name, WAIT)).isTrue();

        ContainerStatus status = runtime.inspect(name).orElseThrow();
        assertThat(status.oomKilled()).isTrue();
        assertThat(status.exitCode()).isEqualTo(137);
    }

    @Test
    void inspectOfAMissingContainerIsEmpty() {
        assertThat(runtime.inspect(docker.containerName())).isEmpty();
    }

    @Test
    void removeDeletesARunningContainerOnlyWhenForced() {
        String name = startedServer(DockerConsoleTest.ECHO_SERVER, new CopyOnWriteArrayList<>());

        assertThatThrownBy(() -> runtime.remove(name, false)).isInstanceOf(EnvironmentException.class);
        runtime.remove(name, true);

        assertThat(runtime.inspect(name)).isEmpty();
    }

    @Test
    void removeOfAStoppedOrMissingContainerIsFine() throws Exception {
        String name = docker.containerName();
        runtime.create(docker.spec(name, "echo done"));

        runtime.remove(name, false);
        runtime.remove(name, false);

        assertThat(runtime.inspect(name)).isEmpty();
    }

    @Test
    void consoleEndsWhenTheServerIsKilled() throws Exception {
        String name = docker.containerName();
        runtime.create(docker.spec(name, STUBBORN_SERVER));
        List<String> lines = new CopyOnWriteArrayList<>();
        ConsoleAttachment console = runtime.attach(name, lines::add);
        runtime.start(name);
        await(WAIT, "ready", () -> lines.contains("ready"));

        runtime.signal(name, "SIGKILL");

        console.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
