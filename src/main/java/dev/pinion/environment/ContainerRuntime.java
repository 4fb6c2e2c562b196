package dev.pinion.environment;

import dev.pinion.config.DockerConfig;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The container operations the server core needs, named as Wings names them. Containers are
 * addressed by name (the server UUID). Every method blocks until the engine has answered, and
 * throws {@link EnvironmentException} when it fails.
 */
public interface ContainerRuntime {
    /**
     * Makes sure the node network exists, creating it as Wings does when absent (§2.2).
     * Returns the driver of the network as it now exists.
     */
    String ensureNetwork(DockerConfig.Network network);

    /**
     * Pulls an image (§2.4). Progress lines ("status progress") go to {@code progress}. When the
     * pull fails and a local image's RepoTags holds exactly {@code image}, returns normally (offline
     * fallback); otherwise throws.
     */
    void pullImage(String image, Map<String, DockerConfig.RegistryCredentials> registries, Consumer<String> progress);

    /** Inspects a container; empty when there is none with that name. */
    Optional<ContainerStatus> inspect(String name);

    /** Creates the container unless one with that name exists (§2.3). Does not pull. */
    void create(ContainerSpec spec);

    /** Removes the container (volumes included); a missing container is fine. */
    void remove(String name, boolean force);

    /**
     * Attaches to the container's stdin and output (no replay of old output). Output is split into
     * lines as Wings splits them (§2.5) and handed to {@code lines} on one thread, in order.
     */
    default ConsoleAttachment attach(String name, Consumer<String> lines) {
        return attachOutput(name, (text, readAtMillis) -> lines.accept(text));
    }

    /** As {@link #attach(String, Consumer)}, each line with the time it was read (for the throttle). */
    ConsoleAttachment attachOutput(String name, ConsoleOutput output);

    void start(String name);

    /** Sends a signal by name ("SIGINT", "SIGTERM", "SIGKILL"...); a missing container is fine. */
    void signal(String name, String signal);

    /** Docker's stop: the image's STOPSIGNAL or SIGTERM, waiting without a Docker-side timeout. */
    void stop(String name, Duration deadline);

    /** Waits until the container is not running; false when the deadline passed first. */
    boolean awaitExit(String name, Duration deadline);

    /** The last {@code lines} lines of the container's output. */
    List<String> logs(String name, int lines);

    /** Streams resource samples until the returned handle is closed or the container stops. */
    AutoCloseable stats(String name, Consumer<ResourceSample> samples);

    /** Applies new limits to an existing container in place (§2.8). */
    void updateResources(String name, ContainerSpec.ResourceLimits limits);

    /** Creates an installer container (§5.4); fails when one with that name exists. Does not pull. */
    void createInstaller(InstallerSpec spec);

    /**
     * Follows the container's whole output from its start until it exits ({@code logs?follow=1}),
     * writing the raw bytes to {@code sink} on a thread of its own, in order.
     */
    ContainerOutput followOutput(String name, OutputStream sink);

    /**
     * Waits, with no deadline, until the container is not running and returns its exit code.
     * Interrupting the caller abandons the wait (the container is left alone).
     */
    int waitForExitCode(String name) throws InterruptedException;

    /** Every container carrying the label {@code key=value}, running or not. */
    List<LabelledContainer> containersLabelled(String key, String value);
}
