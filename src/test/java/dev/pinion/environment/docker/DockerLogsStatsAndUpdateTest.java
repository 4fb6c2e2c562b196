package dev.pinion.environment.docker;

import static dev.pinion.testing.DockerTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.environment.ContainerSpec;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.environment.ResourceSample;
import dev.pinion.testing.DockerTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Past output (spec §2.6), resource statistics (§2.7) and the in-place resource update (§2.8). */
class DockerLogsStatsAndUpdateTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String IDLE_SERVER = "sh -c 'echo ready; while true; do read line; done'";

    private final DockerTestSupport docker = new DockerTestSupport();
    private final DockerRuntime runtime = docker.runtime();

    @AfterEach
    void cleanUp() throws Exception {
        docker.close();
    }

    private String started(String startup) {
        String name = docker.containerName();
        runtime.create(docker.spec(name, startup));
        runtime.start(name);
        return name;
    }

    @Test
    void logsReturnTheLastLinesWithoutCarriageReturns() {
        String name = started("sh -c 'for i in 1 2 3 4 5; do echo log $i; done'");
        assertThat(runtime.awaitExit(name, WAIT)).isTrue();

        assertThat(runtime.logs(name, 3)).containsExactly("log 3", "log 4", "log 5");
    }

    @Test
    void logsOfAMissingContainerFail() {
        assertThatThrownBy(() -> runtime.logs(docker.containerName(), 10)).isInstanceOf(EnvironmentException.class);
    }

    @Test
    void statsProducePlausibleSamplesAgainstTheConfiguredLimit() throws Exception {
        String name = started(IDLE_SERVER);
        List<ResourceSample> samples = new CopyOnWriteArrayList<>();

        try (DockerStatsStream stream = runtime.stats(name, samples::add)) {
            await(WAIT, "two samples", () -> samples.size() >= 2);
        }

        ResourceSample latest = samples.get(samples.size() - 1);
        assertThat(latest.memoryBytes()).isPositive().isLessThan(DockerTestSupport.MEMORY_BYTES);
        assertThat(latest.memoryLimitBytes()).isEqualTo(DockerTestSupport.MEMORY_BYTES);
        assertThat(latest.cpuAbsolute()).isBetween(0.0, 200.0);
        assertThat(latest.rxBytes()).isNotNegative();
        assertThat(latest.txBytes()).isNotNegative();
        // Docker samples once a second: read − preread of a later sample is about 1000 ms.
        assertThat(latest.uptimeDeltaMillis()).isBetween(500L, 3000L);
    }

    @Test
    void statsStopWhenClosed() throws Exception {
        String name = started(IDLE_SERVER);
        List<ResourceSample> samples = new CopyOnWriteArrayList<>();
        DockerStatsStream stream = runtime.stats(name, samples::add);
        await(WAIT, "a sample", () -> !samples.isEmpty());

        stream.close();

        stream.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        int seen = samples.size();
        assertThat(runtime.inspect(name).orElseThrow().running()).isTrue();
        assertThat(samples).hasSize(seen);
    }

    @Test
    void statsStreamEndsWhenTheContainerStops() throws Exception {
        String name = started(IDLE_SERVER);
        List<ResourceSample> samples = new CopyOnWriteArrayList<>();
        DockerStatsStream stream = runtime.stats(name, samples::add);
        await(WAIT, "a sample", () -> !samples.isEmpty());

        runtime.signal(name, "SIGKILL");

        stream.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void statsOfAContainerThatIsNotRunningEndAtOnceWithoutSamples() throws Exception {
        String name = docker.containerName();
        runtime.create(docker.spec(name, IDLE_SERVER));
        List<ResourceSample> samples = new CopyOnWriteArrayList<>();

        DockerStatsStream stream = runtime.stats(name, samples::add);

        stream.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(samples).isEmpty();
    }

    @Test
    void statsOfAMissingContainerFail() {
        assertThatThrownBy(() -> runtime.stats(docker.containerName(), sample -> {}))
                .isInstanceOf(EnvironmentException.class);
    }

    @Test
    void updateResourcesChangesTheLimitsOfARunningContainer() {
        String name = started(IDLE_SERVER);
        long memory = 96L * 1024 * 1024;
        ContainerSpec.ResourceLimits limits = new ContainerSpec.ResourceLimits(
                memory,
                memory / 2,
                memory,
                Optional.of(150_000L),
                Optional.of(100_000L),
                Optional.of(1024),
                Optional.empty(),
                500,
                true,
                300);

        runtime.updateResources(name, limits);

        var host = docker.inspect("--type", "container", name).get("HostConfig");
        assertThat(host.get("Memory").asLong()).isEqualTo(memory);
        assertThat(host.get("MemoryReservation").asLong()).isEqualTo(memory / 2);
        assertThat(host.get("MemorySwap").asLong()).isEqualTo(memory);
        assertThat(host.get("CpuQuota").asLong()).isEqualTo(150_000);
        assertThat(host.get("PidsLimit").asLong()).isEqualTo(300);
    }

    @Test
    void updateResourcesOfAStoppedContainerAppliesToo() {
        String name = docker.containerName();
        runtime.create(docker.spec(name, IDLE_SERVER));
        long memory = 80L * 1024 * 1024;

        runtime.updateResources(
                name,
                new ContainerSpec.ResourceLimits(
                        memory,
                        memory,
                        memory,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        500,
                        true,
                        512));

        assertThat(docker.inspect("--type", "container", name)
                        .get("HostConfig")
                        .get("Memory")
                        .asLong())
                .isEqualTo(memory);
    }

    @Test
    void updateResourcesOfAMissingContainerDoesNothing() {
        runtime.updateResources(docker.containerName(), DockerTestSupport.limits());
    }
}
